package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/testkit"
)

func TestMyUploadIsSentToItsOwnerOnly(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	ctx := context.Background()
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangJianguo))
	if err != nil {
		t.Fatal(err)
	}
	content := "%PDF-1.7\n营业执照 of 王建国\n%%EOF\n"
	f, err := a.Uploads.Put(testkit.AsPerson(ctx, wang.ID, wang.Name), "营业执照 副本.pdf", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	path := "/me/uploads/" + strconv.FormatInt(f.ID, 10)

	res := signInPerson(t, newBrowser(t, srv), wangJianguo).get(path)
	wantStatus(t, "the owner", res, http.StatusOK)
	if res.body != content {
		t.Errorf("the owner got %q, want the uploaded bytes", res.body)
	}
	wantCD := `attachment; filename="file-` + strconv.FormatInt(f.ID, 10) + `.pdf"; filename*=UTF-8''` + url.PathEscape("营业执照 副本.pdf")
	for h, want := range map[string]string{
		"Content-Type": "application/pdf", "Content-Disposition": wantCD, "X-Content-Type-Options": "nosniff",
		"Content-Length": strconv.Itoa(len(content)), "Cache-Control": "private, no-store",
	} {
		if got := res.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}

	other := signInPerson(t, newBrowser(t, srv), "620825198807230222")
	wantStatus(t, "another citizen", other.get(path), http.StatusNotFound)
	wantStatus(t, "a file that does not exist", other.get("/me/uploads/999999"), http.StatusNotFound)
	wantRedirect(t, "no one signed in", newBrowser(t, srv).get(path), "/login?next=")
	wantStatus(t, "staff", signIn(t, srv, "admin").get(path), http.StatusForbidden)
}
