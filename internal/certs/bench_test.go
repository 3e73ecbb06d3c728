package certs_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/certs"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/training"
)

// BenchmarkIssue500 issues the certificates of an activity of 500
// participants who all completed it (reading the participants and the
// completion rule, signing 500 payloads, one transaction) and renders
// them all as PDFs in one ZIP, on each engine. It reports
// certificates/s issued and PDFs/s rendered (issue 10: PERFORMANCE.md).
func BenchmarkIssue500(b *testing.B) {
	const n = 500
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			e := apptest.New(b, engine)
			sys := apptest.SysCtx()
			dir := apptest.Use[*directory.Service](e)
			tr := apptest.Use[*training.Service](e)
			svc := apptest.Use[*certs.Service](e)
			ag := must[directory.Agency](b)(dir.CreateAgency(sys, directory.AgencyInput{Code: "GE-MIA", CountryCode: "GE", Name: "Ministry", Type: directory.AgencyPolice}))
			call := tr.At(time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC))
			course := must[training.Course](b)(call.CreateCourse(sys, training.CourseInput{Code: "CYB-101", Title: "Cybercrime investigations",
				Titles: map[string]string{"ka": "კიბერდანაშაულის გამოძიება"}, Areas: []string{"ONLINE"}, Level: training.LevelBasic,
				Format: training.FormatResidential, Hours: 16, Outcomes: []string{"Seize digital evidence", "Trace a payment", "Write a request for assistance"}}))
			act := must[training.Activity](b)(call.CreateActivity(sys, training.ActivityInput{CourseID: course.ID, StartsOn: "2026-03-02", EndsOn: "2026-03-03",
				Online: true, Languages: []string{"en"}, Capacity: n, Seats: map[string]int{"GE": n}}))
			must[training.Activity](b)(call.OpenCall(sys, act.ID, training.CallInput{Deadline: time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)}))
			var records []training.AttendanceRecord
			for i := range n {
				p, _, err := dir.CreatePerson(sys, directory.PersonInput{AgencyID: ag.ID, GivenName: "Nino", FamilyName: fmt.Sprintf("Beridze%c%c", 'a'+i/26%26, 'a'+i%26),
					GivenNameNative: "ნინო", FamilyNameNative: "ბერიძე", Sex: directory.SexFemale, Languages: []string{"ka"}})
				if err != nil {
					b.Fatal(err, core.AsError(err).Fields)
				}
				must[training.Nomination](b)(call.Nominate(sys, act.ID, training.NominationInput{PersonID: p.ID}))
				for _, d := range act.Days() {
					records = append(records, training.AttendanceRecord{PersonID: p.ID, Date: d, Present: true})
				}
			}
			conf := tr.At(time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC))
			must[training.Activity](b)(conf.CloseCall(sys, act.ID))
			must[training.Proposal](b)(conf.Confirm(sys, act.ID, training.ConfirmInput{}))
			must[int](b)(tr.MarkAttendance(sys, act.ID, records))
			must[training.Activity](b)(tr.Move(sys, act.ID, training.StatusDelivered, ""))

			var issuing, rendering time.Duration
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				if err := e.DB.Write(sys, func(ctx context.Context) error {
					_, err := e.DB.Exec(ctx, `DELETE FROM certificates WHERE activity_id = ?`, act.ID)
					return err
				}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				t0 := time.Now()
				if got := must[int](b)(svc.IssueCompleted(sys, act.ID)); got != n {
					b.Fatalf("issued %d", got)
				}
				t1 := time.Now()
				if got := must[int](b)(svc.ZIP(sys, act.ID, io.Discard, nil)); got != n {
					b.Fatalf("rendered %d", got)
				}
				issuing += t1.Sub(t0)
				rendering += time.Since(t1)
			}
			b.ReportMetric(float64(n*b.N)/issuing.Seconds(), "certs-issued/s")
			b.ReportMetric(float64(n*b.N)/rendering.Seconds(), "PDFs/s")
		})
	}
}
