package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes every route of this package, and the operational ones.
//
//go:embed openapi.yaml
var openAPIDoc []byte

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml")
	_, err := w.Write(openAPIDoc)
	return err
}
