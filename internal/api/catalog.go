package api

import (
	"net/http"
	"strconv"

	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// registerCatalog adds the catalog, guide and bundle routes. They are public:
// a guide is published for everyone, as on the web.
func (a *API) registerCatalog(rt *httpserver.Router) {
	rt.Handle("GET", "/api/v1/items", a.items)
	rt.Handle("GET", "/api/v1/items/{slug}", a.item)
	rt.Handle("GET", "/api/v1/items/{slug}/versions", a.itemVersions)
	rt.Handle("GET", "/api/v1/items/{slug}/versions/{v}", a.itemVersion)
	rt.Handle("GET", "/api/v1/bundles", a.bundles)
	rt.Handle("GET", "/api/v1/bundles/{slug}", a.bundle)
	rt.Handle("GET", "/api/v1/license-types", a.licenseTypes)
}

// guides is the reader the web pages use too, so the JSON of a guide is the
// very value the page and the PDF render.
func (a *API) guides() guide.Reader {
	return guide.Reader{Items: a.Items, Regions: a.Regions, Licenses: a.Licenses, Bundles: a.Bundles, HomeRegion: a.HomeRegion}
}

// itemsPageLimit is the default and largest page of the item listing.
const itemsPageLimit = 200

func (a *API) items(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	if limit == 0 || limit > itemsPageLimit {
		limit = itemsPageLimit
	}
	dept, err := queryInt(q, "department_id")
	if err != nil {
		return err
	}
	f := guide.Filter{Topic: q.Get("topic"), DepartmentID: dept, ServiceObject: q.Get("service_object"), Event: q.Get("event"),
		Limit: limit, Offset: offset}
	items, total, err := a.guides().List(r.Context(), f)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, List[guide.Summary]{Items: nonNil(items), Total: total})
}

func (a *API) item(w http.ResponseWriter, r *http.Request) error {
	g, err := a.guides().Guide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, g)
}

func (a *API) itemVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := a.guides().Versions(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, List[guide.VersionRef]{Items: nonNil(vs), Total: len(vs)})
}

func (a *API) itemVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := strconv.Atoi(r.PathValue("v"))
	if err != nil || v < 1 {
		return apperr.NotFoundf("item version")
	}
	g, err := a.guides().Version(r.Context(), r.PathValue("slug"), v)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, g)
}

func (a *API) bundles(w http.ResponseWriter, r *http.Request) error {
	bs, err := a.guides().BundleList(r.Context())
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, List[guide.BundleSummary]{Items: nonNil(bs), Total: len(bs)})
}

func (a *API) bundle(w http.ResponseWriter, r *http.Request) error {
	b, err := a.guides().Bundle(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, b)
}

func (a *API) licenseTypes(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.guides().LicenseTypes(r.Context())
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, List[guide.LicenseType]{Items: nonNil(ts), Total: len(ts)})
}
