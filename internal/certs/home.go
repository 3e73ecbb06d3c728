package certs

import (
	"context"

	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// homeCertificates is how many certificates the home panel lists, newest
// first; "My training" has them all.
const homeCertificates = 4

// homePanels is the "Your certificates" panel of the home page for a
// person who holds any: each links to its PDF, with its dates, code and
// state; nothing for anyone else.
func homePanels(ctx context.Context, s *Service) ([]ui.Panel, error) {
	if !core.ActorFrom(ctx).Authenticated() {
		return nil, nil
	}
	mine, err := s.Mine(ctx)
	if err != nil || len(mine) == 0 {
		return nil, err
	}
	l := ui.LocalizerFrom(ctx)
	p := ui.Panel{ID: "certs-mine", Title: l.T("certs.home.title"), Count: len(mine), Order: 120,
		More: ui.Crumb{Label: l.T("certs.home.more"), URL: "/my/training"}}
	for _, c := range mine[:min(len(mine), homeCertificates)] {
		title := c.CourseTitle
		if c.LocalTitle != "" && l.Lang() == c.Lang {
			title = c.LocalTitle
		}
		item := ui.PanelItem{Label: title, URL: "/certificates/" + c.Code + ".pdf",
			Meta: []string{training.DateRange(l, c.StartsOn, c.EndsOn), cert.FormatCode(c.Code)}}
		if c.Status == cert.StatusRevoked {
			item.URL, item.Badge = "/verify/"+cert.FormatCode(c.Code), l.T("certs.state.revoked")
		}
		p.Items = append(p.Items, item)
	}
	return []ui.Panel{p}, nil
}
