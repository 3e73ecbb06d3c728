package training

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// Access of the attendance routes; the Service decides again.
var (
	// markers mark attendance: coordinators, admins and the activity's
	// trainers. Being a trainer of this activity is a relation no role
	// names (a trainer of another activity is refused, 403; a
	// participant listed among the activity's trainers may mark), so the
	// declaration admits every member but observers, with a token that
	// may write, and MarkAttendance decides.
	markers = core.Member.Personal().Writes()
	// attendanceReaders see an activity's attendance page: the markers,
	// and read-only those the participants list admits (an ncp, a
	// participant); observers get aggregates only, on the participants
	// page.
	attendanceReaders = core.Member.Personal()
)

type attendanceRecordBody struct {
	PersonID string `json:"person_id" maxLength:"36" doc:"A participant of the activity (a nomination selected or accepted)"`
	Date     string `json:"date" maxLength:"10" doc:"A day of the activity, YYYY-MM-DD, not after today in its time zone" example:"2026-09-08"`
	Present  bool   `json:"present"`
}

type attendanceBody struct {
	Records []attendanceRecordBody `json:"records" minItems:"1" maxItems:"5000" doc:"The marks to record, all or none"`
}

type attendanceOutput struct {
	Body struct {
		Records int `json:"records" doc:"Records received"`
		Changed int `json:"changed" doc:"Marks that were new or changed"`
	}
}

type participantsOutput struct{ Body ParticipantList }

func registerAttendanceAPI(a huma.API, svc *Service) {
	api.Register(a, markers, huma.Operation{
		OperationID: "mark-attendance", Method: http.MethodPut, Path: "/api/v1/activities/{id}/attendance",
		Summary:     "Mark attendance",
		Description: "Records, in bulk, who of the participants was present on which day; a day marked again is changed. All or nothing: any bad record is a 422 whose field errors name it (`records[3].date`: out_of_range, future_day, duplicate; `records[3].person_id`: unknown, not_participant; `status`: not_allowed unless the activity is confirmed or delivered). At most 5,000 records. The activity's trainers, coordinators and admins; a trainer of another activity gets 403.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body attendanceBody
	}) (*attendanceOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		records := make([]AttendanceRecord, len(in.Body.Records))
		for i, r := range in.Body.Records {
			records[i] = AttendanceRecord{PersonID: r.PersonID, Date: r.Date, Present: r.Present}
		}
		n, err := svc.MarkAttendance(ctx, in.ID, records)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &attendanceOutput{}
		out.Body.Records, out.Body.Changed = len(records), n
		return out, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-participants", Method: http.MethodGet, Path: "/api/v1/activities/{id}/participants",
		Summary:     "List an activity's participants with attendance and completion",
		Description: "The seat holders with days present, attendance rate (percent of all the activity's days) and whether they completed (rate ≥ completion_rate, decided once the activity is delivered: see outcome_final), and a summary (participants, completed, present per day). Coordinators and the activity's trainers see everyone; an ncp their country's participants; a participant their own row; an observer the summary only (no items). Anyone else: 404.",
		Tags:        []string{apiTag}, Errors: append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*participantsOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		l, err := svc.Participants(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &participantsOutput{Body: l}, nil
	})
}
