package learning

import (
	"context"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The home page's learning panel: a participant's tests to take.

const (
	// homeItems is how many tests the panel lists; Count says how many
	// there are.
	homeItems = 6
	// orderTests puts the panel first among a participant's: an open
	// test waits on them now (training's nominations come at 100).
	orderTests = 90
)

// homePanels are learning's panels of the home page for the actor of
// ctx, in the language of its localizer: "Tests to take", for a person
// with tests open now or soon, or done lately (Service.TestsToTake);
// nothing for anyone else.
func homePanels(ctx context.Context, s *Service) ([]ui.Panel, error) {
	if !core.ActorFrom(ctx).Authenticated() {
		return nil, nil // anonymous: the home page sends them to sign in
	}
	tests, total, err := s.TestsToTake(ctx, homeItems)
	if err != nil || len(tests) == 0 {
		return nil, err
	}
	l := ui.LocalizerFrom(ctx)
	now := s.now()
	acts := map[string]training.Activity{}
	p := ui.Panel{ID: "learning-tests", Title: l.T("learning.home.title"), Intro: l.T("learning.home.intro"), Count: total, Order: orderTests}
	for _, t := range tests {
		act, ok := acts[t.ActivityID]
		if !ok {
			if act, err = s.training.Activity(ctx, t.ActivityID, l.Lang()); err != nil {
				return nil, err
			}
			acts[t.ActivityID] = act
		}
		zone := zoneOf(act)
		it := ui.PanelItem{
			Label: l.T("learning.home.item", "Test", kindLabel(l, t.Kind, t.Form), "Course", act.CourseTitle),
			URL:   testURL(t.ID),
		}
		switch t.State {
		case StateOpen:
			it.Badge, it.Urgent = l.T("learning.state.open"), true
			it.Meta = []string{
				l.T("learning.take.closes", "In", inText(l, t.ClosesAt.Sub(now)), "When", l.DateTime(t.ClosesAt.In(zone))),
				l.T("learning.take.progress", "Answered", l.Number(t.Answered), "Total", l.Number(t.Questions)),
			}
		case StateUpcoming:
			it.Badge = l.T("learning.state.upcoming")
			it.Meta = []string{l.T("learning.home.opens", "In", inText(l, t.OpensAt.Sub(now)), "When", l.DateTime(t.OpensAt.In(zone)))}
		case StateDone:
			it.Badge = l.T("learning.state.done")
			if t.Score != nil {
				it.Meta = append(it.Meta, l.T("learning.home.score", "Score", scoreText(l, *t.Score)))
			}
			if t.Source == SourcePaper {
				it.Meta = append(it.Meta, l.T("learning.source.paper"))
			}
			it.Meta = append(it.Meta, l.T("learning.take.submitted_at", "When", l.DateTime(t.SubmittedAt.In(zone))))
		}
		p.Items = append(p.Items, it)
	}
	return []ui.Panel{p}, nil
}
