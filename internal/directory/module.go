package directory

import (
	"context"
	"embed"
	"io"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/tabular"
	"github.com/topcop-platform/topcop/internal/ui"
)

// Access of the directory's routes. They are a first line only: the
// Service decides again, by country for ncps (canEdit) and by the
// need-to-know rule for contact details (contactVisibility).
var (
	// personal routes show people and their contact details.
	personal = core.Member.Personal()
	// editors change agencies, units, people and contact points: staff
	// anywhere, ncps in their country.
	editors = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleNCP).Writes()
	// staff change networks.
	staff = core.RolesIn(core.RoleAdmin, core.RoleCoordinator).Writes()
	// memberEditors change a network's membership: staff, the network's
	// chair and secretariat (people, whatever their platform role) and
	// ncps for people of their country. The declaration cannot name a
	// network's managers, so it admits every role but observers, and the
	// Service decides per network and person (memberRights).
	memberEditors = core.Member.Personal().Writes()
	// editorForms and staffForms are the empty "new" forms of each.
	editorForms = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleNCP)
	staffForms  = core.RolesIn(core.RoleAdmin, core.RoleCoordinator)
)

//go:embed migrations
var migrations embed.FS

//go:embed locales
var locales embed.FS

// Module declares the network directory to the platform (see package
// module): countries, agencies, units, people, contact points, networks.
var Module = module.Module{
	Name:       "directory",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  Templates,
	Locales:    module.Sub(locales, "locales"),
	Tables: []string{
		"countries", "agencies", "units", "people", "person_name_blocks", "contact_points", "networks", "network_members",
		"person_search_keys", "search_key_variants", "search_keys_version",
	},
	Home:      "/directory",
	Reference: []string{"countries", "search_keys_version"},
	Menu: []ui.MenuItem{
		{Section: "directory", URL: "/directory/agencies", Key: "nav.directory", Access: core.Member, Order: 100},
		{Section: "people", URL: "/directory/people", Key: "nav.people", Access: personal, Order: 110},
		{Section: "networks", URL: "/directory/networks", Key: "nav.networks", Access: core.Member, Order: 120},
		{Section: "contact-points", URL: "/directory/contact-points", Key: "nav.contact_points", Access: personal, Order: 130},
	},
	Build: func(ctx context.Context, env *module.Env) error {
		svc := NewService(env.DB, module.Use[*audit.Log](env))
		if err := svc.SeedCountries(core.WithActor(ctx, core.SystemActor("directory.seed"))); err != nil {
			return err
		}
		if _, err := svc.RefreshSearchKeys(ctx); err != nil {
			return err
		}
		if _, err := svc.RepairSortKeys(ctx); err != nil {
			return err
		}
		module.Provide(env, svc)
		module.Provide[auth.Directory](env, svc)
		return nil
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		NewWeb(module.Use[*Service](env), web.Render, web.Fail).Routes(r)
	},
	API: func(env *module.Env, a huma.API) { RegisterAPI(a, module.Use[*Service](env)) },
	Transfers: []module.Transfer{
		{
			Kind: "agencies",
			Import: func(ctx context.Context, env *module.Env, r io.Reader, f tabular.Format, dry bool) (tabular.Report, error) {
				return module.Use[*Service](env).ImportAgencies(ctx, r, f, dry)
			},
			Export: func(ctx context.Context, env *module.Env, w io.Writer, f tabular.Format) error {
				return module.Use[*Service](env).ExportAgencies(ctx, w, f, AgencyFilter{})
			},
		},
		{
			Kind: "people",
			Import: func(ctx context.Context, env *module.Env, r io.Reader, f tabular.Format, dry bool) (tabular.Report, error) {
				return module.Use[*Service](env).ImportPeople(ctx, r, f, dry)
			},
			Export: func(ctx context.Context, env *module.Env, w io.Writer, f tabular.Format) error {
				return module.Use[*Service](env).ExportPeople(ctx, w, f, PersonFilter{})
			},
		},
	},
}
