package open311

import "encoding/xml"

// The GeoReport v2 documents. JSON answers are bare arrays (or an object
// for a service definition); XML answers wrap the same elements in the
// specification's root elements.

// service is one entry of GET services.
type service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"` // realtime: a request gets its ID at once
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

type serviceList struct {
	XMLName  xml.Name  `xml:"services"`
	Services []service `xml:"service"`
}

// definition is GET services/{service_code}.
type definition struct {
	XMLName    xml.Name    `json:"-" xml:"service_definition"`
	Code       string      `json:"service_code" xml:"service_code"`
	Attributes []attribute `json:"attributes" xml:"attributes>attribute"`
}

type attribute struct {
	Variable            bool    `json:"variable" xml:"variable"`
	Code                string  `json:"code" xml:"code"`
	Datatype            string  `json:"datatype" xml:"datatype"`
	Required            bool    `json:"required" xml:"required"`
	DatatypeDescription string  `json:"datatype_description" xml:"datatype_description"`
	Order               int     `json:"order" xml:"order"`
	Description         string  `json:"description" xml:"description"`
	Values              []value `json:"values,omitempty" xml:"values>value,omitempty"`
}

type value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// request is one service request of GET requests.
type request struct {
	XMLName           xml.Name `json:"-" xml:"request"`
	ID                string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"` // open or closed
	StatusNotes       string   `json:"status_notes" xml:"status_notes"`
	ServiceName       string   `json:"service_name" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description" xml:"description"`
	AgencyResponsible string   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice" xml:"service_notice"`
	RequestedDatetime string   `json:"requested_datetime" xml:"requested_datetime"`
	UpdatedDatetime   string   `json:"updated_datetime" xml:"updated_datetime"`
	ExpectedDatetime  string   `json:"expected_datetime" xml:"expected_datetime"`
	Address           string   `json:"address" xml:"address"`
	AddressID         string   `json:"address_id" xml:"address_id"`
	Zipcode           string   `json:"zipcode" xml:"zipcode"`
	Lat               *float64 `json:"lat" xml:"lat,omitempty"`
	Long              *float64 `json:"long" xml:"long,omitempty"`
	MediaURL          string   `json:"media_url" xml:"media_url"`
}

type requestList struct {
	XMLName  xml.Name  `xml:"service_requests"`
	Requests []request `xml:"request"`
}

// created answers POST requests. account_id is null in JSON (no accounts
// are kept for Open311 clients) and an empty element in XML.
type created struct {
	XMLName      xml.Name `json:"-" xml:"request"`
	ID           string   `json:"service_request_id" xml:"service_request_id"`
	Notice       string   `json:"service_notice" xml:"service_notice"`
	AccountID    *string  `json:"account_id" xml:"-"`
	AccountIDXML string   `json:"-" xml:"account_id"`
}

type createdList struct {
	XMLName  xml.Name  `xml:"service_requests"`
	Requests []created `xml:"request"`
}

// apiError is one error of the specification's error list.
type apiError struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

type errorList struct {
	XMLName xml.Name   `xml:"errors"`
	Errors  []apiError `xml:"error"`
}
