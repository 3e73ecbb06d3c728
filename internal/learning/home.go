package learning

import (
	"context"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

// The home page's learning panels: a participant's tests to take, and
// the surveys a participant or trainer has to answer.

const (
	// homeItems is how many tests (or surveys) a panel lists; Count says
	// how many there are.
	homeItems = 6
	// orderTests puts the panel first among a participant's: an open
	// test waits on them now (training's nominations come at 100).
	orderTests = 90
	// orderSurveys puts the surveys beside the tests, after them.
	orderSurveys = 91
	// urgentSurveyDays: a survey closing within this many days is marked
	// urgent.
	urgentSurveyDays = 3
)

// homePanels are learning's panels of the home page for the actor of
// ctx, in the language of its localizer: "Tests to take", for a person
// with tests open now or soon, or done lately (Service.TestsToTake), and
// "Surveys to answer", for a person with open surveys they have not
// answered (Service.SurveysToAnswer); nothing for anyone else.
func homePanels(ctx context.Context, s *Service) ([]ui.Panel, error) {
	if !core.ActorFrom(ctx).Authenticated() {
		return nil, nil // anonymous: the home page sends them to sign in
	}
	var out []ui.Panel
	tests, err := testsPanel(ctx, s)
	if err != nil {
		return nil, err
	}
	out = append(out, tests...)
	surveys, err := surveysPanel(ctx, s)
	if err != nil {
		return nil, err
	}
	return append(out, surveys...), nil
}

// testsPanel is the "Tests to take" panel, or none.
func testsPanel(ctx context.Context, s *Service) ([]ui.Panel, error) {
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

// surveysPanel is the "Surveys to answer" panel, or none: each open
// survey the person has not answered, with its closing time in the
// activity's time zone, urgent when it closes within urgentSurveyDays.
func surveysPanel(ctx context.Context, s *Service) ([]ui.Panel, error) {
	surveys, total, err := s.SurveysToAnswer(ctx, homeItems)
	if err != nil || len(surveys) == 0 {
		return nil, err
	}
	l := ui.LocalizerFrom(ctx)
	now := s.now()
	acts := map[string]training.Activity{}
	p := ui.Panel{ID: "learning-surveys", Title: l.T("learning.surveypage.home.title"), Intro: l.T("learning.surveypage.home.intro"),
		Count: total, Order: orderSurveys}
	for _, sv := range surveys {
		act, ok := acts[sv.ActivityID]
		if !ok {
			if act, err = s.training.Activity(ctx, sv.ActivityID, l.Lang()); err != nil {
				return nil, err
			}
			acts[sv.ActivityID] = act
		}
		left := sv.ClosesAt.Sub(now)
		it := ui.PanelItem{
			Label: l.T("learning.surveypage.home.item", "Survey", surveyKindLabel(l, sv.Kind), "Course", act.CourseTitle),
			URL:   SurveyLink(sv.ID),
			Badge: l.T("learning.state.open"),
			Meta: []string{
				l.T("learning.surveypage.closes", "In", inText(l, left), "When", l.DateTime(sv.ClosesAt.In(zoneOf(act)))),
				dateRange(l, act.StartsOn, act.EndsOn),
			},
		}
		if left <= urgentSurveyDays*24*time.Hour {
			it.Badge, it.Urgent = l.T("learning.surveypage.closes_soon"), true
		}
		p.Items = append(p.Items, it)
	}
	return []ui.Panel{p}, nil
}
