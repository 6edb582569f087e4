package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
)

// postFiles submits a multipart form as a browser would, with files by field
// name (name → file name and content).
func (b *browser) postFiles(path, page string, form url.Values, files map[string][2]string) response {
	b.t.Helper()
	if page != "" {
		form.Set("csrf_token", b.csrfToken(path, page))
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	for field, f := range files {
		w, err := mw.CreateFormFile(field, f[0])
		if err != nil {
			b.t.Fatal(err)
		}
		w.Write([]byte(f[1]))
	}
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.srv.URL)
	return b.do(req)
}

// aPDF is the smallest file the upload module takes for a PDF.
const aPDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
