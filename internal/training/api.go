package training

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// Training's JSON API (DESIGN.md §5, issue 8 "API"): thin handlers over
// the Service, which decides who may see and do what. Errors are RFC 9457
// problems from api.Err (422 with field errors for invalid input, 404 for
// unknown or malformed ids, 409 for conflicts such as a code in use or a
// change to a closed activity).

const apiTag = "training"

// Access of training's routes; the Service decides again.
var (
	// staff maintain the portfolio and run activities.
	staff = core.RolesIn(core.RoleAdmin, core.RoleCoordinator).Writes()
)

// The API conventions of internal/api, by their short local names.
var (
	readErrors  = api.ReadErrors
	writeErrors = api.WriteErrors
	findable    = api.Findable
)

const pagingNote = api.PagingNote

type idPath = api.IDPath

// RegisterAPI registers training's operations on a.
func RegisterAPI(a huma.API, svc *Service) {
	registerCourseAPI(a, svc)
	registerActivityAPI(a, svc)
	registerNominationAPI(a, svc)
	registerAttendanceAPI(a, svc)
}

// --- crime areas and courses ---

type areaBody struct {
	Code   string `json:"code" maxLength:"32" doc:"Capital letters, digits and hyphens" example:"DEEPFAKE"`
	NameEN string `json:"name_en" maxLength:"300" doc:"Name in English"`
}

type areaOutput struct{ Body CrimeArea }

type listCoursesInput struct {
	api.PageInput
	Q               string `query:"q" maxLength:"200" doc:"Words of the code or a title, in any script and transliteration"`
	Area            string `query:"area" maxLength:"32" doc:"Crime area code (see /api/v1/crime-areas)"`
	Level           string `query:"level" enum:"awareness,basic,advanced,specialised"`
	Format          string `query:"format" enum:"residential,online_course,webinar,train_the_trainer,multiplication,exchange,mentoring"`
	TargetGroup     string `query:"target_group" maxLength:"32" doc:"Agency type the course is for"`
	IncludeArchived bool   `query:"include_archived" doc:"Also list archived courses (coordinators and admins only)"`
	Sort            string `query:"sort" enum:"title,-title,code,-code,hours,-hours,updated,-updated" doc:"Order: title (default), code, hours (then title) or updated (newest first); a leading - reverses it"`
}

// courseBody is a new course; courseBody with pointers (coursePatch) a
// change.
type courseBody struct {
	Code        string            `json:"code" maxLength:"32" doc:"Unique code: capital letters, digits, hyphens" example:"CYB-101"`
	Title       string            `json:"title" maxLength:"300" doc:"Title in English"`
	Titles      map[string]string `json:"titles,omitempty" doc:"Titles in other UI languages (ro, uk, ka, hy, az, ru)"`
	Areas       []string          `json:"crime_areas" maxItems:"20" doc:"Crime area codes"`
	Level       Level             `json:"level" enum:"awareness,basic,advanced,specialised"`
	Format      Format            `json:"format" enum:"residential,online_course,webinar,train_the_trainer,multiplication,exchange,mentoring"`
	Outcomes    []string          `json:"learning_outcomes,omitempty" maxItems:"20"`
	TargetTypes []string          `json:"target_group,omitempty" maxItems:"20" doc:"Agency types"`
	Hours       float64           `json:"hours" doc:"Duration in hours"`
	Description string            `json:"description,omitempty" maxLength:"4000"`
	Demo        bool              `json:"demo,omitempty"`
}

func (b courseBody) input() CourseInput {
	return CourseInput{Code: b.Code, Title: b.Title, Titles: b.Titles, Areas: b.Areas, Level: b.Level, Format: b.Format,
		Outcomes: b.Outcomes, TargetTypes: b.TargetTypes, Hours: b.Hours, Description: b.Description, Demo: b.Demo}
}

type coursePatch struct {
	Code        *string            `json:"code,omitempty" maxLength:"32"`
	Title       *string            `json:"title,omitempty" maxLength:"300"`
	Titles      *map[string]string `json:"titles,omitempty"`
	Areas       *[]string          `json:"crime_areas,omitempty" maxItems:"20"`
	Level       *Level             `json:"level,omitempty" enum:"awareness,basic,advanced,specialised"`
	Format      *Format            `json:"format,omitempty" enum:"residential,online_course,webinar,train_the_trainer,multiplication,exchange,mentoring"`
	Outcomes    *[]string          `json:"learning_outcomes,omitempty" maxItems:"20"`
	TargetTypes *[]string          `json:"target_group,omitempty" maxItems:"20"`
	Hours       *float64           `json:"hours,omitempty"`
	Description *string            `json:"description,omitempty" maxLength:"4000"`
}

func (p coursePatch) merge(c Course) CourseInput {
	in := CourseInput{Code: c.Code, Title: c.Title, Titles: c.Titles, Areas: c.Areas, Level: c.Level, Format: c.Format,
		Outcomes: c.Outcomes, TargetTypes: c.TargetTypes, Hours: c.Hours, Description: c.Description, Demo: c.Demo}
	set(&in.Code, p.Code)
	set(&in.Title, p.Title)
	set(&in.Titles, p.Titles)
	set(&in.Areas, p.Areas)
	set(&in.Level, p.Level)
	set(&in.Format, p.Format)
	set(&in.Outcomes, p.Outcomes)
	set(&in.TargetTypes, p.TargetTypes)
	set(&in.Hours, p.Hours)
	set(&in.Description, p.Description)
	return in
}

// set overwrites *dst with *src when src is present (JSON merge).
func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

type courseOutput struct{ Body Course }

func registerCourseAPI(a huma.API, svc *Service) {
	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-crime-areas", Method: http.MethodGet, Path: "/api/v1/crime-areas",
		Summary:     "List crime areas",
		Description: "The EMPACT priorities of the 2022–2025 and 2026–2029 cycles and the emerging threats, in taxonomy order. Any signed-in caller.",
		Tags:        []string{apiTag}, Errors: readErrors,
	}, func(ctx context.Context, _ *struct{}) (*api.ListOutput[CrimeArea], error) {
		as, err := svc.Areas(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[CrimeArea]{Body: core.List[CrimeArea]{Items: as, Total: len(as)}}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "create-crime-area", Method: http.MethodPost, Path: "/api/v1/crime-areas",
		Summary:     "Add an emerging threat",
		Description: "Adds a crime area to the emerging threats, so that courses can be tagged with it. Coordinators and admins. A code in use is 409.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: writeErrors,
	}, func(ctx context.Context, in *struct{ Body areaBody }) (*areaOutput, error) {
		ar, err := svc.AddArea(ctx, AreaInput{Code: in.Body.Code, NameEN: in.Body.NameEN})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &areaOutput{Body: ar}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-courses", Method: http.MethodGet, Path: "/api/v1/courses",
		Summary:     "List courses",
		Description: "The training portfolio, by title (or code, hours, last change: sort), filtered by words, crime area, level, format and target group. Any signed-in caller." + pagingNote,
		Tags:        []string{apiTag}, Errors: append(readErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listCoursesInput) (*api.ListOutput[Course], error) {
		l, err := svc.ListCourses(ctx, CourseFilter{Query: in.Q, Area: in.Area, Level: Level(in.Level), Format: Format(in.Format),
			TargetType: in.TargetGroup, IncludeArchived: in.IncludeArchived, Sort: in.Sort}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Course]{Body: l}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "get-course", Method: http.MethodGet, Path: "/api/v1/courses/{id}",
		Summary: "Get a course", Description: "One course, archived ones too. Any signed-in caller.",
		Tags: []string{apiTag}, Errors: append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*courseOutput, error) {
		if err := findable(ctx, in.ID, "course"); err != nil {
			return nil, err
		}
		c, err := svc.Course(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &courseOutput{Body: c}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "create-course", Method: http.MethodPost, Path: "/api/v1/courses",
		Summary:     "Create a course",
		Description: "Adds a course to the portfolio. Coordinators and admins. A code in use is 409 (field `code`, `taken`).",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: writeErrors,
	}, func(ctx context.Context, in *struct{ Body courseBody }) (*courseOutput, error) {
		c, err := svc.CreateCourse(ctx, in.Body.input())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &courseOutput{Body: c}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "update-course", Method: http.MethodPatch, Path: "/api/v1/courses/{id}",
		Summary:     "Change a course",
		Description: "JSON merge: only the fields present change. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body coursePatch
	}) (*courseOutput, error) {
		if err := findable(ctx, in.ID, "course"); err != nil {
			return nil, err
		}
		cur, err := svc.Course(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		c, err := svc.UpdateCourse(ctx, in.ID, in.Body.merge(cur))
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &courseOutput{Body: c}, nil
	})

	for _, op := range []struct {
		verb     string
		archived bool
	}{{"archive", true}, {"restore", false}} {
		api.Register(a, staff, huma.Operation{
			OperationID: op.verb + "-course", Method: http.MethodPost, Path: "/api/v1/courses/{id}/" + op.verb,
			Summary:     op.verb + " a course",
			Description: "Archived courses leave the portfolio and take no new activities; their activities stay. Doing it twice changes nothing. Coordinators and admins.",
			Tags:        []string{apiTag}, Errors: writeErrors,
		}, func(ctx context.Context, in *idPath) (*courseOutput, error) {
			if err := findable(ctx, in.ID, "course"); err != nil {
				return nil, err
			}
			c, err := svc.SetCourseArchived(ctx, in.ID, op.archived)
			if err != nil {
				return nil, api.Err(ctx, err)
			}
			return &courseOutput{Body: c}, nil
		})
	}
}

// --- activities ---

type listActivitiesInput struct {
	api.PageInput
	From     string `query:"from" maxLength:"10" doc:"Activities ending on or after this date (YYYY-MM-DD)"`
	To       string `query:"to" maxLength:"10" doc:"Activities starting on or before this date (YYYY-MM-DD)"`
	Status   string `query:"status" enum:"planned,call_open,selection,confirmed,delivered,closed,cancelled"`
	CourseID string `query:"course_id" maxLength:"36"`
	Country  string `query:"country" maxLength:"2" doc:"Country of the venue"`
	Format   string `query:"format" enum:"residential,online_course,webinar,train_the_trainer,multiplication,exchange,mentoring"`
	Area     string `query:"area" maxLength:"32" doc:"Crime area of the course"`
	Online   string `query:"online" enum:"true,false"`
	Lang     string `query:"lang" enum:"en,ro,uk,ka,hy,az,ru" doc:"Language of the course titles"`
}

type activityBody struct {
	CourseID       string         `json:"course_id" maxLength:"36"`
	StartsOn       string         `json:"starts_on" maxLength:"10" doc:"First day (YYYY-MM-DD), local to the venue" example:"2026-05-11"`
	EndsOn         string         `json:"ends_on" maxLength:"10" doc:"Last day (YYYY-MM-DD)" example:"2026-05-15"`
	TimeZone       string         `json:"time_zone,omitempty" maxLength:"64" doc:"IANA time zone of the venue (default UTC)" example:"Europe/Chisinau"`
	DayStarts      string         `json:"day_starts,omitempty" maxLength:"5" doc:"Daily start, HH:MM (default 09:00)"`
	DayEnds        string         `json:"day_ends,omitempty" maxLength:"5" doc:"Daily end, HH:MM (default 17:00)"`
	Online         bool           `json:"online,omitempty"`
	Venue          string         `json:"venue,omitempty" maxLength:"200"`
	City           string         `json:"city,omitempty" maxLength:"100" doc:"Required unless online"`
	CountryCode    string         `json:"country_code,omitempty" maxLength:"2" doc:"Required unless online"`
	Languages      []string       `json:"languages" maxItems:"10" doc:"Working languages (ISO 639-1)"`
	Interpretation []string       `json:"interpretation,omitempty" maxItems:"10"`
	Capacity       int            `json:"capacity" doc:"Seats in all"`
	Seats          map[string]int `json:"seats,omitempty" doc:"Seats per country code; they may not add up to more than the capacity"`
	TrainerIDs     []string       `json:"trainer_ids,omitempty" maxItems:"20" doc:"People (directory) who deliver it"`
	CompletionRate int            `json:"completion_rate,omitempty" doc:"Minimum share of days attended to complete, in percent (default 80)"`
	Demo           bool           `json:"demo,omitempty"`
}

func (b activityBody) input() ActivityInput {
	return ActivityInput{CourseID: b.CourseID, StartsOn: b.StartsOn, EndsOn: b.EndsOn, TimeZone: b.TimeZone, DayStarts: b.DayStarts,
		DayEnds: b.DayEnds, Online: b.Online, Venue: b.Venue, City: b.City, CountryCode: b.CountryCode, Languages: b.Languages,
		Interpretation: b.Interpretation, Capacity: b.Capacity, Seats: b.Seats, TrainerIDs: b.TrainerIDs, CompletionRate: b.CompletionRate, Demo: b.Demo}
}

// activityInputOf is the input that would recreate a.
func activityInputOf(a Activity) ActivityInput {
	in := ActivityInput{CourseID: a.CourseID, StartsOn: a.StartsOn, EndsOn: a.EndsOn, TimeZone: a.TimeZone, DayStarts: a.DayStarts,
		DayEnds: a.DayEnds, Online: a.Online, Venue: a.Venue, City: a.City, CountryCode: a.CountryCode, Languages: a.Languages,
		Interpretation: a.Interpretation, Capacity: a.Capacity, Seats: a.Seats, CompletionRate: a.CompletionRate, Demo: a.Demo}
	for _, t := range a.Trainers {
		in.TrainerIDs = append(in.TrainerIDs, t.PersonID)
	}
	return in
}

type activityPatch struct {
	StartsOn       *string         `json:"starts_on,omitempty" maxLength:"10"`
	EndsOn         *string         `json:"ends_on,omitempty" maxLength:"10"`
	TimeZone       *string         `json:"time_zone,omitempty" maxLength:"64"`
	DayStarts      *string         `json:"day_starts,omitempty" maxLength:"5"`
	DayEnds        *string         `json:"day_ends,omitempty" maxLength:"5"`
	Online         *bool           `json:"online,omitempty"`
	Venue          *string         `json:"venue,omitempty" maxLength:"200"`
	City           *string         `json:"city,omitempty" maxLength:"100"`
	CountryCode    *string         `json:"country_code,omitempty" maxLength:"2"`
	Languages      *[]string       `json:"languages,omitempty" maxItems:"10"`
	Interpretation *[]string       `json:"interpretation,omitempty" maxItems:"10"`
	Capacity       *int            `json:"capacity,omitempty"`
	Seats          *map[string]int `json:"seats,omitempty"`
	TrainerIDs     *[]string       `json:"trainer_ids,omitempty" maxItems:"20"`
	CompletionRate *int            `json:"completion_rate,omitempty"`
}

func (p activityPatch) merge(in ActivityInput) ActivityInput {
	set(&in.StartsOn, p.StartsOn)
	set(&in.EndsOn, p.EndsOn)
	set(&in.TimeZone, p.TimeZone)
	set(&in.DayStarts, p.DayStarts)
	set(&in.DayEnds, p.DayEnds)
	set(&in.Online, p.Online)
	set(&in.Venue, p.Venue)
	set(&in.City, p.City)
	set(&in.CountryCode, p.CountryCode)
	set(&in.Languages, p.Languages)
	set(&in.Interpretation, p.Interpretation)
	set(&in.Capacity, p.Capacity)
	set(&in.Seats, p.Seats)
	set(&in.TrainerIDs, p.TrainerIDs)
	set(&in.CompletionRate, p.CompletionRate)
	return in
}

type activityOutput struct{ Body Activity }

type moveBody struct {
	Status Status `json:"status" enum:"call_open,selection,confirmed,delivered,closed,cancelled" doc:"The status to move to"`
	Reason string `json:"reason,omitempty" maxLength:"1000" doc:"Why; required to cancel"`
}

func registerActivityAPI(a huma.API, svc *Service) {
	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-activities", Method: http.MethodGet, Path: "/api/v1/activities",
		Summary:     "List activities",
		Description: "Activities by start date, filtered by a date range (overlap), status, course, venue country, format, crime area and online. Any signed-in caller." + pagingNote,
		Tags:        []string{apiTag}, Errors: append(readErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listActivitiesInput) (*api.ListOutput[Activity], error) {
		l, err := svc.ListActivities(ctx, ActivityFilter{From: in.From, To: in.To, Status: Status(in.Status), CourseID: in.CourseID,
			Country: in.Country, Format: Format(in.Format), Area: in.Area, Online: in.Online, Lang: in.Lang}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Activity]{Body: l}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "get-activity", Method: http.MethodGet, Path: "/api/v1/activities/{id}",
		Summary: "Get an activity", Description: "One activity with its status, seats per country and trainers. Any signed-in caller.",
		Tags: []string{apiTag}, Errors: append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Lang string `query:"lang" enum:"en,ro,uk,ka,hy,az,ru" doc:"Language of the course title"`
	}) (*activityOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		ac, err := svc.Activity(ctx, in.ID, in.Lang)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityOutput{Body: ac}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "create-activity", Method: http.MethodPost, Path: "/api/v1/activities",
		Summary:     "Plan an activity",
		Description: "A delivery of a course; it starts as planned. Coordinators and admins. Dates that end before they start, or seats adding up to more than the capacity, are 422.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: writeErrors,
	}, func(ctx context.Context, in *struct{ Body activityBody }) (*activityOutput, error) {
		ac, err := svc.CreateActivity(ctx, in.Body.input())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityOutput{Body: ac}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "update-activity", Method: http.MethodPatch, Path: "/api/v1/activities/{id}",
		Summary:     "Change an activity",
		Description: "JSON merge: only the fields present change. Only while the activity is open (409 once delivered, closed or cancelled). Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body activityPatch
	}) (*activityOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		cur, err := svc.Activity(ctx, in.ID, "")
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		ac, err := svc.UpdateActivity(ctx, in.ID, in.Body.merge(activityInputOf(cur)))
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityOutput{Body: ac}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "move-activity", Method: http.MethodPost, Path: "/api/v1/activities/{id}/status",
		Summary:     "Change an activity's status",
		Description: "Along planned → call_open → selection → confirmed → delivered → closed, or to cancelled (with a reason) from any open state. Another move is 422 (field `status`, `transition_not_allowed`). Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body moveBody
	}) (*activityOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		ac, err := svc.Move(ctx, in.ID, in.Body.Status, in.Body.Reason)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityOutput{Body: ac}, nil
	})
}
