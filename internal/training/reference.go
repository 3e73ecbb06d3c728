package training

// ReferenceAreas is the EMPACT taxonomy of both cycles
// (../shared/reference/crime-areas.md) and the emerging threats the
// TOPCOP II portfolio names. SeedAreas keeps them in crime_areas;
// coordinators add further emerging threats there without a code change.
// Codes are unique across cycles: a priority that keeps its code in the
// new cycle (DRUGS, ENV) is one entry belonging to both.
var ReferenceAreas = []CrimeArea{
	{Code: "HRCN", Cycles: c2022, NameEN: "High-risk criminal networks"},
	{Code: "CYBER", Cycles: c2022, NameEN: "Cyber-attacks"},
	{Code: "THB", Cycles: c2022, NameEN: "Trafficking in human beings"},
	{Code: "CSE", Cycles: c2022, NameEN: "Child sexual exploitation"},
	{Code: "MS", Cycles: c2022, NameEN: "Migrant smuggling"},
	{Code: "FRAUD", Cycles: c2022, NameEN: "Fraud, economic and financial crimes"},
	{Code: "OPC", Cycles: c2022, NameEN: "Organised property crime"},
	{Code: "FIRE", Cycles: c2022, NameEN: "Firearms trafficking"},
	{Code: "DOCFRAUD", Cycles: c2022, NameEN: "Document fraud"},

	{Code: "NETWORKS", Cycles: c2026, NameEN: "The most threatening criminal networks and individuals", Predecessors: []string{"HRCN"}},
	{Code: "ONLINE", Cycles: c2026, NameEN: "Fastest-growing online crimes", Predecessors: []string{"CYBER", "CSE", "FRAUD"}},
	{Code: "DRUGS", Cycles: both, NameEN: "Drug trafficking"},
	{Code: "MS-THB", Cycles: c2026, NameEN: "Migrant smuggling and trafficking in human beings", Predecessors: []string{"MS", "THB"}},
	{Code: "FIREX", Cycles: c2026, NameEN: "Firearms and explosives", Predecessors: []string{"FIRE"}},
	{Code: "ENV", Cycles: both, NameEN: "Environmental crime"},
	{Code: "ECOFIN", Cycles: c2026, NameEN: "Economic and financial crime", Predecessors: []string{"FRAUD"}},

	{Code: "CRYPTO", Cycles: emerging, NameEN: "Crypto-assets in crime"},
	{Code: "AI-CRIME", Cycles: emerging, NameEN: "Criminal use of artificial intelligence"},
}

var (
	c2022    = []string{Cycle2022}
	c2026    = []string{Cycle2026}
	both     = []string{Cycle2022, Cycle2026}
	emerging = []string{CycleEmerging}
)
