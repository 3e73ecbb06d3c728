package learning

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/core"
)

// QuestionKind is how a question is answered.
type QuestionKind string

// The kinds of question.
const (
	KindSingle    QuestionKind = "single"     // one choice is correct
	KindMultiple  QuestionKind = "multiple"   // one or more choices are correct; all must be chosen, and no other
	KindTrueFalse QuestionKind = "true_false" // two choices (true, false), one correct
)

// Valid reports whether k is a known kind.
func (k QuestionKind) Valid() bool { return k == KindSingle || k == KindMultiple || k == KindTrueFalse }

// TestKind says when a test is taken.
type TestKind string

// The kinds of test.
const (
	TestPre  TestKind = "pre"
	TestPost TestKind = "post"
)

// Source is how a score was obtained.
type Source string

// The sources of a submission.
const (
	SourceOnline Source = "online" // taken in the platform, scored automatically
	SourcePaper  Source = "paper"  // taken on paper, the score entered by a trainer
)

// Validation codes of learning (field errors; messages in
// learning.validation.<code>).
const (
	CodeRequired         = "required"
	CodeTooLong          = "too_long"
	CodeInvalid          = "invalid"
	CodeUnknown          = "unknown"
	CodeDuplicate        = "duplicate"
	CodeOutOfRange       = "out_of_range"
	CodeTaken            = "taken"
	CodeChoiceCount      = "choice_count"      // too few or too many choices for the kind
	CodeCorrectCount     = "correct_count"     // single and true/false: exactly one correct choice
	CodeEndsBefore       = "ends_before_start" // closes_at not after opens_at
	CodeOtherCourse      = "other_course"      // a question of another course than the activity's
	CodeNotInTest        = "not_in_test"       // an answer to a question the test does not hold
	CodeNotOpen          = "not_open"          // the window has not opened yet
	CodeWindowClosed     = "window_closed"     // the window has closed
	CodeAlreadySubmitted = "already_submitted" // the submission is final
	CodeNotParticipant   = "not_participant"   // the person holds no seat on the activity
)

// Limits of the question bank and tests.
const (
	MaxText        = 2000 // characters of a question's text in one language
	MaxChoiceText  = 500  // characters of a choice's text in one language
	MaxChoices     = 10
	MaxOutcome     = 500
	MaxQuestions   = 100 // per test
	MaxScores      = 5000
	closeAfterDays = 30 // a test closes at the latest this many days after the activity's last day
)

// Languages are the languages a text may be written in; English is
// required.
var Languages = []string{"en", "ro", "uk", "ka", "hy", "az", "ru"}

// Choice is one answer a question offers, in several languages.
type Choice struct {
	Texts map[string]string `json:"texts" doc:"The choice by language code; en required"`
}

// Question is an item of a course's question bank, with its correct
// choices: only coordinators, admins and the activity's trainers see it,
// and participants after they submitted (see Item).
type Question struct {
	ID        string            `json:"id"`
	CourseID  string            `json:"course_id"`
	Outcome   string            `json:"outcome,omitempty" doc:"The learning outcome of the course it tests"`
	Kind      QuestionKind      `json:"kind"`
	Texts     map[string]string `json:"texts" doc:"The question by language code"`
	Choices   []Choice          `json:"choices"`
	Correct   []int             `json:"correct" doc:"Indexes (from 0) of the correct choices"`
	Archived  bool              `json:"archived"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Item is a question as a participant sees it before submitting: it has
// no field for the correct choices, so they cannot leak into a response.
type Item struct {
	ID      string            `json:"id"`
	Kind    QuestionKind      `json:"kind"`
	Texts   map[string]string `json:"texts"`
	Choices []Choice          `json:"choices"`
}

// item is q without its answers.
func (q Question) item() Item {
	return Item{ID: q.ID, Kind: q.Kind, Texts: q.Texts, Choices: q.Choices}
}

// QuestionInput is a new question.
type QuestionInput struct {
	Outcome string
	Kind    QuestionKind
	Texts   map[string]string
	Choices []Choice
	Correct []int
}

func (in *QuestionInput) normalize() {
	in.Outcome = strings.TrimSpace(in.Outcome)
	in.Texts = trimTexts(in.Texts)
	for i := range in.Choices {
		in.Choices[i].Texts = trimTexts(in.Choices[i].Texts)
	}
}

// trimTexts trims each text and drops the empty ones.
func trimTexts(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	return out
}

// validate checks in against the course's outcomes (none: any outcome).
func (in QuestionInput) validate(v *core.Validation, outcomes []string) {
	if !in.Kind.Valid() {
		v.Add("kind", CodeUnknown)
	}
	if utf8.RuneCountInString(in.Outcome) > MaxOutcome {
		v.Add("outcome", CodeTooLong, strconv.Itoa(MaxOutcome))
	} else if in.Outcome != "" && len(outcomes) > 0 && !slices.Contains(outcomes, in.Outcome) {
		v.Add("outcome", CodeUnknown)
	}
	checkTexts(v, "texts", in.Texts, MaxText)
	n := len(in.Choices)
	switch {
	case in.Kind == KindTrueFalse && n != 2:
		v.Add("choices", CodeChoiceCount, "2")
	case n < 2 || n > MaxChoices:
		v.Add("choices", CodeChoiceCount, strconv.Itoa(MaxChoices))
	}
	for i, c := range in.Choices {
		checkTexts(v, "choices["+strconv.Itoa(i)+"].texts", c.Texts, MaxChoiceText)
	}
	seen := map[int]bool{}
	for _, c := range in.Correct {
		if c < 0 || c >= n {
			v.Add("correct", CodeOutOfRange, strconv.Itoa(n-1))
			return
		}
		if seen[c] {
			v.Add("correct", CodeDuplicate)
			return
		}
		seen[c] = true
	}
	switch {
	case len(in.Correct) == 0:
		v.Add("correct", CodeRequired)
	case in.Kind != KindMultiple && len(in.Correct) != 1:
		v.Add("correct", CodeCorrectCount)
	}
}

// checkTexts requires an English text and known languages, each text at
// most max characters.
func checkTexts(v *core.Validation, field string, m map[string]string, max int) {
	if m["en"] == "" {
		v.Add(field+".en", CodeRequired)
	}
	for lang, t := range m {
		switch {
		case !slices.Contains(Languages, lang):
			v.Add(field, CodeUnknown, lang)
		case utf8.RuneCountInString(t) > max:
			v.Add(field+"."+lang, CodeTooLong, strconv.Itoa(max))
		}
	}
}

// Test is a pre- or post-test of an activity: its questions in order and
// the window in which participants take it.
type Test struct {
	ID         string    `json:"id"`
	ActivityID string    `json:"activity_id"`
	Kind       TestKind  `json:"kind"`
	Form       string    `json:"form,omitempty" doc:"Parallel form A or B; empty when there is one form"`
	OpensAt    time.Time `json:"opens_at"`
	ClosesAt   time.Time `json:"closes_at"`
	CreatedBy  string    `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// QuestionIDs in the order they are asked.
	QuestionIDs []string `json:"question_ids"`
}

// TestInput is a new test.
type TestInput struct {
	Kind        TestKind
	Form        string
	OpensAt     time.Time
	ClosesAt    time.Time
	QuestionIDs []string
}

// TestView is a test as the actor may see it. Items are the questions
// without answers (everyone who may see the test); Key the questions with
// their correct choices, for coordinators and the activity's trainers,
// and for a participant once they submitted; Submission the participant's
// own answers and score.
type TestView struct {
	Test
	Items      []Item      `json:"items"`
	Key        []Question  `json:"key,omitempty" doc:"The questions with their correct choices: staff and trainers; a participant after submitting"`
	Submission *Submission `json:"submission,omitempty" doc:"The participant's own answers (and score, once submitted)"`
	Open       bool        `json:"open" doc:"Whether the window is open now"`
}

// Submission is one participant's answers to a test and, once
// submitted, the score.
type Submission struct {
	TestID      string           `json:"test_id"`
	PersonID    string           `json:"person_id"`
	Answers     map[string][]int `json:"answers" doc:"Chosen choice indexes by question id"`
	Score       *float64         `json:"score,omitempty" doc:"0–100, set once submitted"`
	SubmittedAt *time.Time       `json:"submitted_at,omitempty"`
	Source      Source           `json:"source"`
	UpdatedAt   time.Time        `json:"updated_at"`
}

// FormFor is the parallel form a participant takes for a test of kind
// when the activity has forms A and B, by the position of their
// nomination among the activity's nominations (in the order they were
// made, which never changes once the call is closed): every other
// participant takes A before and B after, the others B before and A
// after, so that the group's gain does not depend on which form is easier
// (a counterbalanced design), and nobody answers the same items twice.
func FormFor(position int, kind TestKind) string {
	a := position%2 == 0
	if kind == TestPost {
		a = !a
	}
	if a {
		return "A"
	}
	return "B"
}

// Submitted reports whether the submission is final.
func (s Submission) Submitted() bool { return s.SubmittedAt != nil }

// ScoreInput is one paper score.
type ScoreInput struct {
	PersonID string  `json:"person_id"`
	Score    float64 `json:"score"`
}

// Result is one participant's score on a test.
type Result struct {
	PersonID    string    `json:"person_id"`
	Name        string    `json:"name"`
	CountryCode string    `json:"country_code"`
	Score       float64   `json:"score"`
	Source      Source    `json:"source"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// Score is 100 × the questions answered exactly right over all the
// questions, rounded to one decimal: a question counts when the chosen
// set equals the correct set (a multiple-choice question with one
// correct choice missing or one wrong choice added scores nothing).
func Score(questions []Question, answers map[string][]int) float64 {
	if len(questions) == 0 {
		return 0
	}
	right := 0
	for _, q := range questions {
		if sameSet(q.Correct, answers[q.ID]) {
			right++
		}
	}
	return float64(int(float64(right)*1000/float64(len(questions))+0.5)) / 10
}

func sameSet(a, b []int) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
