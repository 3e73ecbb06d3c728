package ui

// Panel is one box of the home page ("/"): a capability's view of the
// signed-in account's work ("calls to open", "your next activities").
// Capabilities make them for the actor of the request (module.Module's
// Panels); the home page lays them out by Order. Every text is already
// localised.
type Panel struct {
	// ID is the panel's anchor on the page, unique ("training-calls").
	ID    string
	Title string
	// Intro is an optional one-line explanation under the title.
	Intro string
	Items []PanelItem
	// Empty is what the panel says when it has no items ("No calls to
	// open."); a panel with neither items nor Empty is left out.
	Empty string
	// More is an optional link to the full list ("All activities").
	More Crumb
	// Count is the number of items in all, when Items shows only the
	// first ones (0: len(Items)).
	Count int
	Order int
}

// PanelItem is one line of a panel: a link and its facts.
type PanelItem struct {
	Label string
	URL   string
	// Meta are short facts shown under the label ("Deadline 12 May",
	// "3 of 4 seats nominated").
	Meta []string
	// Badge is a status word beside the label; Urgent marks the item as
	// waiting on the account (a badge with the warning style).
	Badge  string
	Urgent bool
}

// Shown reports whether the panel has anything to show.
func (p Panel) Shown() bool { return len(p.Items) > 0 || p.Empty != "" }

// Total is the number of items in all.
func (p Panel) Total() int { return max(p.Count, len(p.Items)) }
