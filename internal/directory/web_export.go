package directory

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/topcop-platform/topcop/internal/tabular"
)

// exportWriter sets the download headers on the first write, so that an
// error found before any byte of the file (a bad filter, a refusal) can
// still be answered with an error page instead of a broken download.
type exportWriter struct {
	rw       http.ResponseWriter
	format   tabular.Format
	filename string
	started  bool
}

func (e *exportWriter) Write(p []byte) (int, error) {
	if !e.started {
		e.started = true
		h := e.rw.Header()
		h.Set("Content-Type", tabular.ContentType(e.format))
		h.Set("Content-Disposition", `attachment; filename="`+e.filename+`"`)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		e.rw.WriteHeader(http.StatusOK)
	}
	return e.rw.Write(p)
}

// exportFormat reads ?format= (csv by default). An unknown format is
// passed on as it is: the service answers it with an Invalid field error.
func exportFormat(r *http.Request) tabular.Format {
	f := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("format")))
	if f == "" {
		return tabular.CSV
	}
	return tabular.Format(f)
}

// exportFilename is "topcop-<kind>-YYYYMMDD<ext>".
func exportFilename(kind string, f tabular.Format) string {
	return "topcop-" + kind + "-" + time.Now().UTC().Format("20060102") + tabular.Extension(f)
}

// writeExport runs export into the response; errors before the first byte
// get the error page, errors after it can only be logged (the download is
// then cut short).
func (w *Web) writeExport(rw http.ResponseWriter, r *http.Request, kind string, export func(io.Writer, tabular.Format) error) {
	f := exportFormat(r)
	ew := &exportWriter{rw: rw, format: f, filename: exportFilename(kind, f)}
	if err := export(ew, f); err != nil {
		if !ew.started {
			w.fail(rw, r, err)
			return
		}
		slog.ErrorContext(r.Context(), "directory: export failed after the first byte", "kind", kind, "err", err)
	}
}

// agenciesExport downloads the agencies that the list's filters select
// (archived ones too with ?archived=true, for those who may see them), as
// CSV (UTF-8 with a byte order mark) or XLSX (Service.ExportAgencies).
func (w *Web) agenciesExport(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter := AgencyFilter{Query: q.Get("q"), Country: q.Get("country"), Type: AgencyType(q.Get("type")), Sort: q.Get("sort"),
		IncludeArchived: showArchived(q, "archived", w.svc.CanSeeArchived(r.Context()))}
	w.writeExport(rw, r, "agencies", func(out io.Writer, f tabular.Format) error {
		return w.svc.ExportAgencies(r.Context(), out, f, filter)
	})
}

// peopleExport downloads the people that the list's filters select
// (archived ones too as for agenciesExport; Service.ExportPeople: contact
// details only where the actor may see them; the export is audited).
func (w *Web) peopleExport(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter := PersonFilter{Query: q.Get("q"), Country: q.Get("country"), AgencyID: q.Get("agency"), Sex: Sex(q.Get("sex")),
		Language: q.Get("language"), Role: ContactKind(q.Get("role")), NetworkID: q.Get("network"), Sort: q.Get("sort"),
		IncludeArchived: showArchived(q, "archived", w.svc.CanSeeArchived(r.Context()))}
	w.writeExport(rw, r, "people", func(out io.Writer, f tabular.Format) error {
		return w.svc.ExportPeople(r.Context(), out, f, filter)
	})
}
