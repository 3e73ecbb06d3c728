package directory

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// memberRecord is a membership with the person's contact details under
// the rule for people (null when not visible).
type memberRecord struct {
	Member
	Email *string `json:"email" nullable:"true" doc:"The member's e-mail address; null when not visible to the caller"`
	Phone *string `json:"phone" nullable:"true" doc:"The member's phone number; null when not visible to the caller"`
}

func memberRecordOf(m Member) memberRecord {
	r := memberRecord{Member: m}
	if m.ContactVisible {
		r.Email, r.Phone = &m.Email, &m.Phone
	}
	return r
}

type listNetworksInput struct {
	api.PageInput
	Q               string `query:"q" maxLength:"200" doc:"Part of the name or code"`
	Kind            string `query:"kind" enum:"forum,support,trainers,initiative"`
	IncludeArchived bool   `query:"include_archived" doc:"Also list archived networks (coordinators and admins only)"`
	Sort            string `query:"sort" enum:"name,-name" doc:"Order: name (default, A to Z) or -name (Z to A)"`
}

type networkBody struct {
	Code        string      `json:"code,omitempty" maxLength:"64" doc:"Required. Unique slug: lower-case letters, digits and hyphens" example:"scf"`
	Name        string      `json:"name,omitempty" maxLength:"200" doc:"Required"`
	Kind        NetworkKind `json:"kind,omitempty" doc:"Required" enum:"forum,support,trainers,initiative"`
	Description string      `json:"description,omitempty" maxLength:"4000" doc:"Purpose and ways of working; paragraphs separated by blank lines"`
}

type networkPatch struct {
	Code        *string      `json:"code,omitempty" maxLength:"64"`
	Name        *string      `json:"name,omitempty" maxLength:"200"`
	Kind        *NetworkKind `json:"kind,omitempty" enum:"forum,support,trainers,initiative"`
	Description *string      `json:"description,omitempty" maxLength:"4000"`
}

type networkOutput struct{ Body Network }

type createNetworkInput struct{ Body networkBody }

type patchNetworkInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body networkPatch
}

type listMembersInput struct {
	ID string `path:"id" doc:"Identifier (UUID)"`
	api.PageInput
	Q               string `query:"q" maxLength:"200" doc:"Words matching the member's names (any script) or, where visible, e-mail"`
	Country         string `query:"country" maxLength:"2"`
	Role            string `query:"role" enum:"chair,member,secretariat,observer"`
	IncludeArchived bool   `query:"include_archived" doc:"Also list the members who are archived people, marked person_archived (coordinators and admins only)"`
}

type memberBody struct {
	PersonID string     `json:"person_id,omitempty" maxLength:"36" doc:"Required"`
	Role     MemberRole `json:"role,omitempty" doc:"Required" enum:"chair,member,secretariat,observer"`
}

type addMemberInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body memberBody
}

type patchMembershipInput struct {
	ID   string `path:"id" doc:"Identifier (UUID)"`
	Body struct {
		Role MemberRole `json:"role,omitempty" doc:"Required" enum:"chair,member,secretariat,observer"`
	}
}

type memberOutput struct{ Body memberRecord }

func registerNetworkAPI(a huma.API, svc *Service) {
	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-networks",
		Method:      http.MethodGet,
		Path:        "/api/v1/networks",
		Summary:     "List networks",
		Description: "Networks by name with their member counts, with cursor paging in both directions. Any signed-in caller, observers included." + pagingNote,
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listNetworksInput) (*api.ListOutput[Network], error) {
		l, err := svc.ListNetworks(ctx, NetworkFilter{Query: in.Q, Kind: NetworkKind(in.Kind), IncludeArchived: in.IncludeArchived, Sort: in.Sort}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Network]{Body: l}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "get-network",
		Method:      http.MethodGet,
		Path:        "/api/v1/networks/{id}",
		Summary:     "Get a network",
		Description: "One network with its member count. Any signed-in caller.",
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*networkOutput, error) {
		if err := findable(ctx, in.ID, "network"); err != nil {
			return nil, err
		}
		n, err := svc.Network(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &networkOutput{Body: n}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID:   "create-network",
		Method:        http.MethodPost,
		Path:          "/api/v1/networks",
		Summary:       "Create a network",
		Description:   "Coordinators and admins only. A code in use is 409 (field `code`).",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusCreated,
		Errors:        writeErrors,
	}, func(ctx context.Context, in *createNetworkInput) (*networkOutput, error) {
		b := in.Body
		n, err := svc.CreateNetwork(ctx, NetworkInput{Code: b.Code, Name: b.Name, Kind: b.Kind, Description: b.Description})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &networkOutput{Body: n}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "update-network",
		Method:      http.MethodPatch,
		Path:        "/api/v1/networks/{id}",
		Summary:     "Change a network",
		Description: "JSON merge: only the fields present change. Coordinators and admins only.",
		Tags:        []string{apiTag},
		Errors:      writeErrors,
	}, func(ctx context.Context, in *patchNetworkInput) (*networkOutput, error) {
		if err := findable(ctx, in.ID, "network"); err != nil {
			return nil, err
		}
		cur, err := svc.Network(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		upd := NetworkInput{Code: cur.Code, Name: cur.Name, Kind: cur.Kind, Description: cur.Description}
		set(&upd.Code, in.Body.Code)
		set(&upd.Name, in.Body.Name)
		set(&upd.Kind, in.Body.Kind)
		set(&upd.Description, in.Body.Description)
		n, err := svc.UpdateNetwork(ctx, in.ID, upd)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &networkOutput{Body: n}, nil
	})

	registerArchive(a, staff, "network", "network", "/api/v1/networks/{id}", svc.ArchiveNetwork,
		"Its members stay. Coordinators and admins only.")

	api.Register(a, personal, huma.Operation{
		OperationID: "list-network-members",
		Method:      http.MethodGet,
		Path:        "/api/v1/networks/{id}/members",
		Summary:     "List a network's members",
		Description: "Members who are active people (and, with `include_archived`, archived ones), by name, with cursor paging in both directions. Signed-in callers except observers (who see `member_count` on the network). Contact details follow the rule for people." + pagingNote,
		Tags:        []string{apiTag},
		Errors:      append(readErrors, http.StatusNotFound, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *listMembersInput) (*api.ListOutput[memberRecord], error) {
		if err := findable(ctx, in.ID, "network"); err != nil {
			return nil, err
		}
		l, err := svc.Members(ctx, in.ID, MemberFilter{Query: in.Q, Country: in.Country, Role: MemberRole(in.Role), IncludeArchived: in.IncludeArchived}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[memberRecord]{Body: records(l, memberRecordOf)}, nil
	})

	api.Register(a, memberEditors, huma.Operation{
		OperationID:   "add-network-member",
		Method:        http.MethodPost,
		Path:          "/api/v1/networks/{id}/members",
		Summary:       "Add a member to a network",
		Description:   "Coordinators and admins; the network's chair and secretariat; national contact points for people of their country. Nobody but coordinators and admins adds the person their own account is linked to. A person already in the network, or an archived network, is 409.",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusCreated,
		Errors:        writeErrors,
	}, func(ctx context.Context, in *addMemberInput) (*memberOutput, error) {
		if err := findable(ctx, in.ID, "network"); err != nil {
			return nil, err
		}
		m, err := svc.AddMember(ctx, in.ID, MemberInput{PersonID: in.Body.PersonID, Role: in.Body.Role})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &memberOutput{Body: memberRecordOf(m)}, nil
	})

	api.Register(a, memberEditors, huma.Operation{
		OperationID: "update-membership",
		Method:      http.MethodPatch,
		Path:        "/api/v1/memberships/{id}",
		Summary:     "Change a member's role",
		Description: "Coordinators and admins; the network's chair and secretariat, for members other than themselves.",
		Tags:        []string{apiTag},
		Errors:      writeErrors,
	}, func(ctx context.Context, in *patchMembershipInput) (*memberOutput, error) {
		if err := findable(ctx, in.ID, "member"); err != nil {
			return nil, err
		}
		m, err := svc.UpdateMember(ctx, in.ID, string(in.Body.Role))
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &memberOutput{Body: memberRecordOf(m)}, nil
	})

	api.Register(a, memberEditors, huma.Operation{
		OperationID:   "delete-membership",
		Method:        http.MethodDelete,
		Path:          "/api/v1/memberships/{id}",
		Summary:       "Remove a member from a network",
		Description:   "Who may: as for adding a member (never one's own membership, but coordinators and admins).",
		Tags:          []string{apiTag},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := findable(ctx, in.ID, "member"); err != nil {
			return nil, err
		}
		if err := svc.RemoveMember(ctx, in.ID); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})
}
