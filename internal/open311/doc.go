// Package open311 serves the 12345 hotline's tickets as an Open311
// GeoReport v2 endpoint under /open311/v2/: the service list (the leaves of
// the classification tree), service definitions (the attributes a ticket
// needs: its category and township), POST requests to file a ticket with an
// API key, and GET requests to follow tickets filed this way. Every resource
// answers in JSON and in XML, and errors take the specification's form (a
// list of {code, description}) in both. The jurisdiction is the install's
// home region code.
//
// It is an edge package like api: it turns hotline data into the
// specification's documents and calls the hotline manager for everything
// else.
package open311
