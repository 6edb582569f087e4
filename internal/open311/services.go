package open311

import (
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/region/divisions"
)

// The attributes every service asks for, beyond the standard fields.
const (
	attrCategory = "category"
	attrTownship = "township"
	attrVillage  = "village"
)

// services lists the classes a ticket can be filed under.
func (s *Server) services(c call) (answer, error) {
	classes, err := s.Hotline.Classes(c.r.Context())
	if err != nil {
		return answer{}, err
	}
	list := []service{}
	for _, cl := range hotline.Leaves(classes) {
		list = append(list, serviceOf(classes, cl))
	}
	return answer{json: list, xml: serviceList{Services: list}}, nil
}

// serviceOf describes a class as a service: grouped under its top-level
// class, with its keywords comma-separated as the specification has them.
func serviceOf(classes []hotline.Class, cl hotline.Class) service {
	group := cl.Name
	if top, _, ok := strings.Cut(hotline.PathName(classes, cl.Code), "/"); ok {
		group = top
	}
	return service{Code: cl.Code, Name: cl.Name, Description: hotline.PathName(classes, cl.Code), Metadata: true,
		Type: "realtime", Keywords: strings.Join(strings.FieldsFunc(cl.Keywords, func(r rune) bool { return r == ' ' || r == ',' || r == '，' }), ","),
		Group: group}
}

// leaf finds the active leaf class of a service code.
func leaf(classes []hotline.Class, code string) (hotline.Class, bool) {
	for _, cl := range hotline.Leaves(classes) {
		if cl.Code == code {
			return cl, true
		}
	}
	return hotline.Class{}, false
}

// definition is a service's attributes: the category of the request (a
// complaint, a consultation…) and the township it is about are required;
// the village is optional.
func (s *Server) definition(c call) (answer, error) {
	ctx := c.r.Context()
	classes, err := s.Hotline.Classes(ctx)
	if err != nil {
		return answer{}, err
	}
	if _, ok := leaf(classes, c.id); !ok {
		return problem(http.StatusNotFound, s.t(c.r, "open311.service_code", c.id)), nil
	}
	categories := attribute{Variable: true, Code: attrCategory, Datatype: "singlevaluelist", Required: true, Order: 1,
		Description: s.t(c.r, "open311.attr.category")}
	for _, cat := range hotline.Categories {
		categories.Values = append(categories.Values, value{Key: string(cat), Name: cat.Chinese()})
	}
	townships := attribute{Variable: true, Code: attrTownship, Datatype: "singlevaluelist", Required: true, Order: 2,
		Description: s.t(c.r, "open311.attr.township")}
	places, err := s.Regions.Children(ctx, s.Hotline.HomeRegion())
	if err != nil {
		return answer{}, err
	}
	for _, p := range places {
		if p.Level == divisions.Township {
			townships.Values = append(townships.Values, value{Key: p.Code, Name: p.Name})
		}
	}
	village := attribute{Variable: true, Code: attrVillage, Datatype: "string", Order: 3, Description: s.t(c.r, "open311.attr.village")}
	d := definition{Code: c.id, Attributes: []attribute{categories, townships, village}}
	return answer{json: d, xml: d}, nil
}
