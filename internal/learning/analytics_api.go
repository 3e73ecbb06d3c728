package learning

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

// analyticsReaders read the learning analytics: aggregated figures, no
// personal data, so observers are admitted (the Service suppresses small
// cells for them); trainers and ncps are narrowed by the Service.
var analyticsReaders = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleTrainer, core.RoleNCP, core.RoleObserver)

type activityAnalyticsOutput struct{ Body ActivityAnalytics }

type portfolioOutput struct{ Body Portfolio }

type portfolioInput struct {
	From    string `query:"from" maxLength:"32" doc:"Activities ending on or after this date (YYYY-MM-DD)"`
	To      string `query:"to" maxLength:"32" doc:"Activities starting on or before this date (YYYY-MM-DD)"`
	Country string `query:"country" maxLength:"32" doc:"Participants of this country (the country of their seat)"`
	Area    string `query:"area" maxLength:"32" doc:"Crime area of the course (see /api/v1/crime-areas)"`
	Format  string `query:"format" maxLength:"32" doc:"Course format: residential, online_course, webinar, train_the_trainer, multiplication, exchange or mentoring"`
	Level   string `query:"level" maxLength:"32" doc:"Course level: awareness, basic, advanced or specialised"`
}

// registerAnalyticsAPI registers the learning analytics' operations on a.
func registerAnalyticsAPI(a huma.API, svc *Service) {
	api.Register(a, analyticsReaders, huma.Operation{
		OperationID: "get-activity-analytics", Method: http.MethodGet, Path: "/api/v1/analytics/activities/{id}",
		Summary: "Learning analytics of an activity",
		Description: "Participants (with breakdowns by country, agency type and sex, and the gain of each group's matched pairs), attendance and " +
			"completion (the activity's completion rule, with the post-test, score and survey conditions learning adds), pre- and post-test means, " +
			"matched pairs and the normalised gain (post − pre)/(100 − pre) as the mean of individual gains and as the gain of the means, " +
			"the distribution of the participants' answers to the satisfaction survey's overall item (1–5) with its mean, and the share of the " +
			"follow-up survey's respondents who apply what they learned, each with its n. " +
			"Coordinators and admins see every participant; the activity's trainers too (survey figures of fewer than 5 answers withheld); an ncp " +
			"their countries' participants and no survey figures (the answers are anonymous and carry no country: `survey_scope` withheld); an " +
			"observer the figures with cells of 1 to 4 people suppressed (null, named in `suppressed`), and none for an activity of fewer than 5 " +
			"participants. A trainer of another activity: 404; participants and other roles: 403.",
		Tags: []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*activityAnalyticsOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		out, err := svc.ActivityAnalytics(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityAnalyticsOutput{Body: out}, nil
	})

	api.Register(a, analyticsReaders, huma.Operation{
		OperationID: "get-portfolio-analytics", Method: http.MethodGet, Path: "/api/v1/analytics/portfolio",
		Summary: "Learning analytics across the portfolio",
		Description: "The figures of get-activity-analytics over every activity (not cancelled) the filters keep, and a row per activity by start date. " +
			"Filters: a period (activities overlapping from–to), the participants' country, the course's crime area, format and level; " +
			"a bad value is a 422 naming the parameter (`from`, `to`: invalid; `to`: out_of_range before `from`; `format`, `level`: invalid; " +
			"`country`: unknown_country; `area`: unknown). Trainers see the activities they deliver, an ncp their countries' participants, " +
			"an observer everything with small cells suppressed, also in the rows (an activity of fewer than 5 participants shows no figures, " +
			"and no suppressed count can be worked out by subtracting the others from the total). The survey figures are those of whole " +
			"activities (`survey_scope`): with a country filter, all the respondents of the activities kept; none for an ncp, an ncp who trains " +
			"those of the activities they deliver. Participants and other roles: 403.",
		Tags: []string{apiTag}, Errors: append(api.ReadErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *portfolioInput) (*portfolioOutput, error) {
		out, err := svc.Portfolio(ctx, PortfolioFilter{From: in.From, To: in.To, Country: in.Country, Area: in.Area,
			Format: training.Format(in.Format), Level: training.Level(in.Level)})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &portfolioOutput{Body: out}, nil
	})
}
