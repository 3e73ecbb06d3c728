package training_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/training"
)

// TestCourseSorts: the portfolio sorts by title, code, hours and last
// change, either way round, and pages forward and back through the same
// order; an unknown sort is a field error.
func TestCourseSorts(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		coord := as(core.RoleCoordinator, "")
		hours := []float64{24, 1.5, 40, 8, 24, 16, 3, 24, 60, 0.5, 12}
		var all []training.Course
		for i, h := range hours {
			in := cyberCourse()
			in.Code, in.Title, in.Hours = fmt.Sprintf("S-%02d", (i*7)%11), fmt.Sprintf("Course %c", 'K'-i), h
			all = append(all, must[training.Course](t)(e.svc.CreateCourse(coord, in)))
		}
		orders := map[string]func(a, b training.Course) int{
			"title": func(a, b training.Course) int { return strings.Compare(a.Title, b.Title) },
			"code":  func(a, b training.Course) int { return strings.Compare(a.Code, b.Code) },
			"hours": func(a, b training.Course) int {
				if a.Hours != b.Hours {
					return map[bool]int{true: -1, false: 1}[a.Hours < b.Hours]
				}
				return strings.Compare(a.Title, b.Title)
			},
			"updated": func(a, b training.Course) int { return b.UpdatedAt.Compare(a.UpdatedAt) },
		}
		for key, cmp := range orders {
			for _, reversed := range []bool{false, true} {
				sort, want := key, slices.SortedStableFunc(slices.Values(all), cmp)
				if reversed {
					sort = "-" + key
					slices.Reverse(want)
				}
				// Forward in pages of 4, then back from the last page.
				var got []string
				p := core.PageRequest{Limit: 4}
				var pages []core.List[training.Course]
				for {
					l, err := e.svc.ListCourses(coord, training.CourseFilter{Sort: sort}, p)
					if err != nil {
						t.Fatalf("%s: %v", sort, err)
					}
					pages = append(pages, l)
					for _, c := range l.Items {
						got = append(got, c.Code)
					}
					if l.Next == "" {
						break
					}
					p.Cursor = l.Next
				}
				var wantCodes []string
				for _, c := range want {
					wantCodes = append(wantCodes, c.Code)
				}
				if key != "updated" && !slices.Equal(got, wantCodes) { // creation times may tie to the microsecond
					t.Errorf("%s forward: %v, want %v", sort, got, wantCodes)
				}
				if len(got) != len(all) {
					t.Errorf("%s: %d courses paged, want %d", sort, len(got), len(all))
				}
				last := pages[len(pages)-1]
				back, err := e.svc.ListCourses(coord, training.CourseFilter{Sort: sort}, core.PageRequest{Limit: 4, Cursor: last.Prev})
				if err != nil {
					t.Fatalf("%s back: %v", sort, err)
				}
				prev := pages[len(pages)-2]
				if len(back.Items) != len(prev.Items) || back.Items[0].ID != prev.Items[0].ID {
					t.Errorf("%s: the page before the last differs going back", sort)
				}
			}
		}
		if _, err := e.svc.ListCourses(coord, training.CourseFilter{Sort: "name"}, core.PageRequest{}); !slices.Contains(fieldErrs(err), "sort:invalid") {
			t.Errorf("unknown sort: %v", err)
		}
	})
}

// TestCoursesPageSorts: the portfolio's Title and Hours headings sort
// the list, the other way round on a second click, keeping the filters;
// a sort the list does not have is a clear error, not a crash.
func TestCoursesPageSorts(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		seedWeb(t, e)
		c := signIn(t, e, core.RoleObserver)
		_, doc := c.GetDoc(t, "/training/courses?level=&sort=hours", http.StatusOK)
		var titles []string
		doc.Find("table tbody tr th a").Each(func(_ int, s *goquery.Selection) { titles = append(titles, s.Text()) })
		if len(titles) != 2 || titles[0] != "Cyber-attacks: first response" { // 3 hours before 32
			t.Errorf("by hours: %v", titles)
		}
		th := doc.Find(`th[aria-sort="ascending"] a.sort-link`)
		if href, _ := th.Attr("href"); th.Length() != 1 || !strings.Contains(href, "sort=-hours") || !strings.Contains(href, "level=") {
			t.Errorf("the Hours heading does not reverse the order, keeping the filters: %q", href)
		}
		if v, _ := doc.Find(`form input[type=hidden][name=sort]`).Attr("value"); v != "hours" {
			t.Errorf("the filter form drops the order: %q", v)
		}
		res := c.Get(t, "/training/courses?sort=shoe-size")
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, "error-summary") {
			t.Error("no error summary for an unknown sort")
		}
	})
}
