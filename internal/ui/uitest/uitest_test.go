package uitest

import (
	"strings"
	"testing"
)

func TestPageProblems(t *testing.T) {
	bad := `<!doctype html><html><head><title>x</title></head><body>
<p id="a">1</p><p id="a">2</p>
<input name="q">
<input type="hidden" name="h">
<select id="s" aria-describedby="nope"></select>
<a href="#gone">x</a>
<img src="/i.png">
<div style="color:red" onclick="x()"></div>
<script>alert(1)</script>
<script type="application/json">{}</script>
<button hx-on:click="x">b</button>
</body></html>`
	got := strings.Join(PageProblems(Doc(t, bad)), "\n")
	for _, want := range []string{
		"<html> has no lang", `id "a" is used 2 times`, `form control input name="q" has no label`,
		`form control select name="" has no label`, `aria-describedby refers to missing id "nope"`,
		`link "#gone" has no target`, `img "/i.png" has no alt`, "inline style attribute",
		"event handler attribute onclick", "inline <script>", "hx-on attribute",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "inline <script>") != 1 {
		t.Errorf("JSON data script reported as inline code:\n%s", got)
	}

	good := `<!doctype html><html lang="en"><head><title>x</title></head><body>
<a href="#main">skip</a><main id="main"><label for="q">Q</label><input id="q" name="q" aria-describedby="h"><p id="h">hint</p>
<input aria-label="search" name="s"><img src="/x.png" alt=""></main></body></html>`
	if p := PageProblems(Doc(t, good)); len(p) != 0 {
		t.Errorf("good page flagged: %v", p)
	}
}

func TestHelpers(t *testing.T) {
	doc := Doc(t, `<p class="x" data-v="1">  hello
	  world </p>`)
	if got := Text(t, doc, ".x"); got != "hello world" {
		t.Errorf("Text %q", got)
	}
	if got := Attr(t, doc, ".x", "data-v"); got != "1" {
		t.Errorf("Attr %q", got)
	}
	req := HTMX(Request("GET", "/x", "ka"))
	if c, err := req.Cookie("lang"); err != nil || c.Value != "ka" || req.Header.Get("HX-Request") != "true" {
		t.Errorf("Request/HTMX: %v %v", c, err)
	}
}
