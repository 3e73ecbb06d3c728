package ui

import (
	"html/template"
	"text/template/parse"
)

// ref is a literal argument found in a template: a message key or an asset
// name, with the template it appears in.
type ref struct {
	value    string
	template string
}

type refs struct {
	keys   []ref // first argument of .L.T / .L.N / $.L.T … when a string literal
	assets []ref // argument of asset "…"
}

// templateRefs walks the parse trees of every template in t's set and
// collects literal message keys and asset names, so NewRenderer can reject an
// unknown one at start-up instead of on a user's request.
func templateRefs(t *template.Template) refs {
	var out refs
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		walk(tt.Tree.Root, func(cmd *parse.CommandNode) {
			if len(cmd.Args) < 2 {
				return
			}
			lit, ok := cmd.Args[1].(*parse.StringNode)
			if !ok {
				return
			}
			switch fn := cmd.Args[0].(type) {
			case *parse.IdentifierNode:
				if fn.Ident == "asset" {
					out.assets = append(out.assets, ref{lit.Text, tt.Name()})
				}
			case *parse.FieldNode:
				if isLocalizerCall(fn.Ident) {
					out.keys = append(out.keys, ref{lit.Text, tt.Name()})
				}
			case *parse.VariableNode:
				if isLocalizerCall(fn.Ident) {
					out.keys = append(out.keys, ref{lit.Text, tt.Name()})
				}
			}
		})
	}
	return out
}

// isLocalizerCall matches .L.T, .L.N, $.L.T, $v.L.N and $L.T, $L.N (a
// variable holding the localizer must be called $L to be checked).
func isLocalizerCall(ident []string) bool {
	n := len(ident)
	return n >= 2 && (ident[n-2] == "L" || ident[n-2] == "$L") && (ident[n-1] == "T" || ident[n-1] == "N")
}

func walk(n parse.Node, fn func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, fn)
		}
	case *parse.ActionNode:
		walk(n.Pipe, fn)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walk(c, fn)
		}
	case *parse.CommandNode:
		fn(n)
		for _, a := range n.Args {
			walk(a, fn)
		}
	case *parse.ChainNode:
		walk(n.Node, fn)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.TemplateNode:
		walk(n.Pipe, fn)
	}
}

func walkBranch(b *parse.BranchNode, fn func(*parse.CommandNode)) {
	walk(b.Pipe, fn)
	walk(b.List, fn)
	if b.ElseList != nil {
		walk(b.ElseList, fn)
	}
}
