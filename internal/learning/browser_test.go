package learning_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/core"
)

// TestBrowserTakeTests is issue 9's participant flow in a real browser
// (headless Chromium, apptest.NewBrowser) on a phone's screen (390 ×
// 844): Ana signs in, finds the pre-test on her home page, answers it
// (the "N of M answered" line moves as each answer is saved over htmx),
// reloads and finds her answers kept, submits through the confirmation
// step and reads her score; then the same for the post-test, set up
// afterwards with a window around now, its last answer and submission
// with the keyboard alone. No page scrolls sideways. Last,
// the coordinator reads both tests' results.
func TestBrowserTakeTests(t *testing.T) {
	apptest.ForEachEngine(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		pre := w.newTest(t, "pre", "", -time.Hour, 2*time.Hour, w.q1, w.q2, w.q3)

		b := apptest.OpenBrowser(t)
		b.Viewport(390, 844)
		b.SignIn(e, "ana@example.org")
		layout := func(where string) {
			t.Helper()
			for _, problem := range b.MeasureLayout().Problems() {
				t.Errorf("%s at 390 px: %s", where, problem)
			}
		}
		progress := func(want string) chromedp.Action[chromedp.Void] {
			return chromedp.Poll[chromedp.Void](`(document.querySelector("#test-progress") || {}).textContent === "` + want + `"`)
		}
		choice := func(q string, i int) string { return `label[for="choice-` + q + `-` + strconv.Itoa(i) + `"]` }
		// saved waits until the service holds want as Ana's answers: the
		// last change's save may still be on its way when the line moved.
		saved := func(id string, want map[string][]int) {
			t.Helper()
			for deadline := time.Now().Add(10 * time.Second); ; {
				v := view(t, w, id, w.ana)
				if v.Submission != nil && equalAnswers(v.Submission.Answers, want) {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("answers saved: %+v, want %v", v.Submission, want)
				}
				time.Sleep(100 * time.Millisecond)
			}
		}

		// take answers the test from Ana's home page: pick is each
		// question's choices, in order; with keyboard, the last question
		// and the submission are done with the keyboard alone. It returns
		// the score read.
		take := func(id, label string, pick [][]int, keyboard bool) string {
			t.Helper()
			page := testPage(id)
			b.Open(e, "/")
			layout("the home page")
			b.Run("find the "+label+" on the home page",
				chromedp.WaitVisible(chromedp.Search(`//section[@id="learning-tests"]//li[contains(@class, "urgent")]/a[@href="`+page+`"]`)),
				chromedp.Click(chromedp.CSS(`#learning-tests li.urgent a[href="`+page+`"]`)),
			)
			b.WaitLeave("/")
			b.Run("see the form", chromedp.WaitVisible(chromedp.CSS(`#test-form`)), progress("0 of 3 answered"))
			layout("the " + label)
			qs := []string{w.q1, w.q2, w.q3}
			want := map[string][]int{}
			// The first two questions, then a reload.
			for i := range 2 {
				for _, c := range pick[i] {
					b.Run("choose", chromedp.Click(chromedp.CSS(choice(qs[i], c))))
				}
				b.Run("see the count move", progress(strconv.Itoa(i+1)+" of 3 answered"))
				want[qs[i]] = pick[i]
			}
			saved(id, want)
			b.Open(e, page)
			b.Run("find the answers kept", progress("2 of 3 answered"))
			for i := range 2 {
				for c := range 3 {
					var on bool
					b.Eval("read a choice", `document.getElementById("choice-`+qs[i]+`-`+strconv.Itoa(c)+`").checked`, &on)
					if on != slices.Contains(pick[i], c) {
						t.Errorf("%s, question %d, choice %d: checked %v after the reload", label, i+1, c, on)
					}
				}
			}
			for _, c := range pick[2] {
				input := chromedp.CSS(`#choice-` + qs[2] + `-` + strconv.Itoa(c))
				if keyboard {
					b.Run("answer the last question with the keyboard", chromedp.Focus(input), chromedp.KeyEvent(" "))
				} else {
					b.Run("answer the last question", chromedp.Click(chromedp.CSS(choice(qs[2], c))))
				}
			}
			b.Run("see all answered", progress("3 of 3 answered"))
			layout("the " + label + " answered")
			// The confirmation step: the button is behind a <details>.
			var hidden bool
			b.Eval("the submit button waits for the step", `!document.getElementById("submit-step").open && !document.getElementById("submit-test").checkVisibility()`, &hidden)
			if !hidden {
				t.Errorf("%s: the submit button shows before the confirmation step", label)
			}
			if keyboard {
				b.Run("submit with the keyboard",
					chromedp.Focus(chromedp.CSS(`#submit-step summary`)), chromedp.KeyEvent("\r"),
					chromedp.WaitVisible(chromedp.CSS(`#submit-test`)),
					chromedp.Focus(chromedp.CSS(`#submit-test`)), chromedp.KeyEvent("\r"),
					chromedp.WaitVisible(chromedp.CSS(`#score-value`)),
				)
			} else {
				b.Run("submit",
					chromedp.Click(chromedp.CSS(`#submit-step summary`)),
					chromedp.WaitVisible(chromedp.CSS(`#submit-test`)),
					chromedp.Click(chromedp.CSS(`#submit-test`)),
					chromedp.WaitVisible(chromedp.CSS(`#score-value`)),
				)
			}
			layout("the " + label + "'s score")
			return strings.TrimSpace(b.Get("read the score", chromedp.Text(chromedp.CSS(`#score-value`))))
		}

		// The pre-test: the multiple-choice question half right.
		if got := take(pre, "pre-test", [][]int{{1}, {0}, {0}}, false); got != "66.7%" {
			t.Errorf("pre-test score %q, want 66.7%%", got)
		}
		var review int
		b.Eval("count the correct answers shown", `document.querySelectorAll("#review .is-correct").length`, &review)
		if review != 4 {
			t.Errorf("%d correct answers shown after the pre-test, want 4", review)
		}

		// The post-test opens after the course; here, now.
		post := w.newTest(t, "post", "", -time.Minute, time.Hour, w.q1, w.q2, w.q3)
		if got := take(post, "post-test", [][]int{{1}, {0, 2}, {0}}, true); got != "100%" {
			t.Errorf("post-test score %q, want 100%%", got)
		}
		b.Open(e, "/")
		var done []string
		b.Eval("read the done tests", `[...document.querySelectorAll("#learning-tests li")].map(li => li.querySelector(".badge").textContent.trim() + " " + li.querySelector(".home-meta").textContent.trim().split(" · ")[0])`, &done)
		if !slices.Equal(done, []string{"Submitted Score 100%", "Submitted Score 66.7%"}) {
			t.Errorf("the home panel after both tests: %v", done)
		}
		layout("the home page after both tests")

		// The coordinator's side: both scores on the results pages, then
		// the learning gain on the activity's analytics page: Ana's is the
		// only matched pair, (100 − 66.7)/(100 − 66.7) = 1.
		b.Viewport(1366, 844)
		here := b.Get("where we are", chromedp.Evaluate[string](`location.pathname`))
		b.Run("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
		b.WaitLeave(here)
		b.SignIn(e, e.AccountFor(t, core.RoleCoordinator).Email)
		for id, want := range map[string]string{pre: "66.7%", post: "100%"} {
			b.Open(e, testPage(id)+"/results")
			got := b.Get("read Ana's score", chromedp.Text(chromedp.CSS(`table.results tr[data-person="`+w.anaID+`"] .score`)))
			if strings.TrimSpace(got) != want {
				t.Errorf("results of %s: Ana's score %q, want %s", id, got, want)
			}
		}
		b.Open(e, "/learning/analytics/activities/"+w.act.ID)
		b.Run("see the gain", chromedp.WaitVisible(chromedp.CSS(`#figure-gain-individual .figure-value`)))
		var gain struct{ Value, N string }
		b.Eval("read the gain", `(() => { const f = document.querySelector("#figure-gain-individual");
			return {Value: f.querySelector(".figure-value").textContent.trim(), N: (f.querySelector(".figure-n") || {textContent: ""}).textContent.trim()}; })()`, &gain)
		if v, err := strconv.ParseFloat(strings.ReplaceAll(gain.Value, ",", "."), 64); err != nil || v != 1 || !strings.Contains(gain.N, "1") {
			t.Errorf("the coordinator reads the gain %q (%q), want 1 from one matched pair", gain.Value, gain.N)
		}
		for _, problem := range b.MeasureLayout().Problems() {
			t.Errorf("the analytics page at 1366 px: %s", problem)
		}
	})
}

// equalAnswers compares two answer sets, ignoring questions without an
// answer.
func equalAnswers(got, want map[string][]int) bool {
	n := 0
	for id, c := range got {
		if len(c) == 0 {
			continue
		}
		n++
		w := slices.Clone(want[id])
		slices.Sort(w)
		if !slices.Equal(c, w) {
			return false
		}
	}
	return n == len(want)
}
