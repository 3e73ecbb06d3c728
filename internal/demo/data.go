// Package demo holds the realistic demonstration data set of the TOPCOP Platform: reference
// countries, the law enforcement agencies of the TOPCOP II partner countries (Armenia,
// Azerbaijan, Georgia, Moldova, Ukraine), EU bodies and Member State agencies, fictional
// people working there, project contact points and cooperation networks.
//
// Institution names are those of real public bodies. All PEOPLE ARE FICTIONAL: names are
// invented, e-mail addresses are under the reserved domain example.org and phone numbers use
// 555 blocks. The values are plain literals (no randomness), so every run loads the same data.
//
// Crime area codes are those of the EMPACT 2026–2029 cycle: NETWORKS, ONLINE, DRUGS, MS-THB,
// FIREX, ENV, ECOFIN.
package demo

// Country is reference data: partner countries, EU Member States, and "EU" for EU bodies.
type Country struct {
	Code, NameEN, NameNative string
	Kind                     string // "partner", "eu_member", "eu_body"
}

// Agency is a law enforcement institution, EU body or mission.
type Agency struct {
	Key        string // stable demo key, e.g. "ua-npu"
	Country    string // ISO 3166-1 alpha-2, or "EU" for EU bodies
	Name       string // official English name
	NameNative string // name in the national language and script ("" for English-only bodies)
	Acronym    string
	Type       string // one of: police, customs, border_guard, prosecution, judiciary, fiu, anti_corruption, penitentiary, training, eu_agency, other
	City       string
	Website    string   // real public website of the institution, or "" where not known confidently
	Units      []string // 2–5 unit names in English
}

// Person is a fictional member of staff of an Agency.
type Person struct {
	Key              string   // stable demo key, e.g. "p001"
	Agency           string   // Agency.Key
	Unit             string   // one of the agency's Units, or ""
	GivenName        string   // Latin script
	FamilyName       string   // Latin script
	GivenNameNative  string   // native script; "" for EU staff
	FamilyNameNative string   // native script; "" for EU staff
	Sex              string   // "female" or "male"
	Position         string   // English job title
	Languages        []string // ISO 639-1
	Email            string   // fictional, under example.org
	Phone            string   // fictional, E.164 with spaces, 555 blocks
}

// ContactPoint designates a person as a project contact point.
type ContactPoint struct {
	Person       string // Person.Key
	Agency       string // Agency.Key
	Kind         string // ncp, spoc, empact_ncoord, trainer, crime_data_focal
	Area         string // a crime area code or ""
	Available247 bool
}

// Network is a cooperation network of the project.
type Network struct {
	Key, Name, Kind, Description string // Kind: "forum", "support", "trainers", "initiative"
	Members                      []Member
}

// Member is a person's membership of a Network.
type Member struct {
	Person string // Person.Key
	Role   string // "chair", "member", "secretariat", "observer"
}

// Countries: the five partner countries, the 27 EU Member States and the pseudo-country "EU" for EU bodies.
var Countries = []Country{
	// Partner countries
	{Code: "AM", NameEN: "Armenia", NameNative: "Հայաստան", Kind: "partner"},
	{Code: "AZ", NameEN: "Azerbaijan", NameNative: "Azərbaycan", Kind: "partner"},
	{Code: "GE", NameEN: "Georgia", NameNative: "საქართველო", Kind: "partner"},
	{Code: "MD", NameEN: "Moldova", NameNative: "Moldova", Kind: "partner"},
	{Code: "UA", NameEN: "Ukraine", NameNative: "Україна", Kind: "partner"},
	// EU Member States
	{Code: "AT", NameEN: "Austria", NameNative: "Österreich", Kind: "eu_member"},
	{Code: "BE", NameEN: "Belgium", NameNative: "België / Belgique / Belgien", Kind: "eu_member"},
	{Code: "BG", NameEN: "Bulgaria", NameNative: "България", Kind: "eu_member"},
	{Code: "HR", NameEN: "Croatia", NameNative: "Hrvatska", Kind: "eu_member"},
	{Code: "CY", NameEN: "Cyprus", NameNative: "Κύπρος", Kind: "eu_member"},
	{Code: "CZ", NameEN: "Czechia", NameNative: "Česko", Kind: "eu_member"},
	{Code: "DK", NameEN: "Denmark", NameNative: "Danmark", Kind: "eu_member"},
	{Code: "EE", NameEN: "Estonia", NameNative: "Eesti", Kind: "eu_member"},
	{Code: "FI", NameEN: "Finland", NameNative: "Suomi", Kind: "eu_member"},
	{Code: "FR", NameEN: "France", NameNative: "France", Kind: "eu_member"},
	{Code: "DE", NameEN: "Germany", NameNative: "Deutschland", Kind: "eu_member"},
	{Code: "GR", NameEN: "Greece", NameNative: "Ελλάδα", Kind: "eu_member"},
	{Code: "HU", NameEN: "Hungary", NameNative: "Magyarország", Kind: "eu_member"},
	{Code: "IE", NameEN: "Ireland", NameNative: "Éire", Kind: "eu_member"},
	{Code: "IT", NameEN: "Italy", NameNative: "Italia", Kind: "eu_member"},
	{Code: "LV", NameEN: "Latvia", NameNative: "Latvija", Kind: "eu_member"},
	{Code: "LT", NameEN: "Lithuania", NameNative: "Lietuva", Kind: "eu_member"},
	{Code: "LU", NameEN: "Luxembourg", NameNative: "Lëtzebuerg", Kind: "eu_member"},
	{Code: "MT", NameEN: "Malta", NameNative: "Malta", Kind: "eu_member"},
	{Code: "NL", NameEN: "Netherlands", NameNative: "Nederland", Kind: "eu_member"},
	{Code: "PL", NameEN: "Poland", NameNative: "Polska", Kind: "eu_member"},
	{Code: "PT", NameEN: "Portugal", NameNative: "Portugal", Kind: "eu_member"},
	{Code: "RO", NameEN: "Romania", NameNative: "România", Kind: "eu_member"},
	{Code: "SK", NameEN: "Slovakia", NameNative: "Slovensko", Kind: "eu_member"},
	{Code: "SI", NameEN: "Slovenia", NameNative: "Slovenija", Kind: "eu_member"},
	{Code: "ES", NameEN: "Spain", NameNative: "España", Kind: "eu_member"},
	{Code: "SE", NameEN: "Sweden", NameNative: "Sverige", Kind: "eu_member"},
	// EU institutions, agencies and missions
	{Code: "EU", NameEN: "European Union", NameNative: "European Union", Kind: "eu_body"},
}

// Agencies: national law enforcement institutions of the partner countries, EU bodies and a few
// Member State agencies. Names are those of the real public institutions; units are illustrative.
var Agencies = []Agency{
	// Ukraine
	{
		Key: "ua-npu", Country: "UA", Acronym: "NPU", Type: "police", City: "Kyiv",
		Name:       "National Police of Ukraine",
		NameNative: "Національна поліція України",
		Website:    "https://www.npu.gov.ua",
		Units: []string{
			"International Police Cooperation Department",
			"Cyber Police Department",
			"Department of Strategic Investigations",
			"Drug Crime Counteraction Department",
			"Department of Information and Analytical Support",
		},
	},
	{
		Key: "ua-sbgs", Country: "UA", Acronym: "SBGSU", Type: "border_guard", City: "Kyiv",
		Name:       "State Border Guard Service of Ukraine",
		NameNative: "Державна прикордонна служба України",
		Website:    "https://dpsu.gov.ua",
		Units: []string{
			"Border Control Department",
			"Intelligence and Risk Analysis Department",
			"International Cooperation Department",
			"Unit for Combating Irregular Migration and Trafficking in Human Beings",
		},
	},
	{
		Key: "ua-scs", Country: "UA", Acronym: "SCSU", Type: "customs", City: "Kyiv",
		Name:       "State Customs Service of Ukraine",
		NameNative: "Державна митна служба України",
		Website:    "https://customs.gov.ua",
		Units: []string{
			"Department for Combating Smuggling and Customs Offences",
			"Risk Management Department",
			"International Cooperation Unit",
		},
	},
	{
		Key: "ua-opg", Country: "UA", Acronym: "OPG", Type: "prosecution", City: "Kyiv",
		Name:       "Office of the Prosecutor General",
		NameNative: "Офіс Генерального прокурора",
		Website:    "https://www.gp.gov.ua",
		Units: []string{
			"Department of International Legal Cooperation",
			"Department for Combating Organised Crime",
			"Department for Combating Cybercrime",
		},
	},
	{
		Key: "ua-nabu", Country: "UA", Acronym: "NABU", Type: "anti_corruption", City: "Kyiv",
		Name:       "National Anti-Corruption Bureau of Ukraine",
		NameNative: "Національне антикорупційне бюро України",
		Website:    "https://nabu.gov.ua",
		Units: []string{
			"Main Detectives Unit",
			"Analytics Division",
			"International Cooperation Unit",
			"Operational and Technical Unit",
		},
	},
	{
		Key: "ua-sfms", Country: "UA", Acronym: "SFMS", Type: "fiu", City: "Kyiv",
		Name:       "State Financial Monitoring Service of Ukraine",
		NameNative: "Державна служба фінансового моніторингу України",
		Website:    "https://fiu.gov.ua",
		Units: []string{
			"Financial Investigations Department",
			"Strategic Analysis Division",
			"International Cooperation Division",
		},
	},
	{
		Key: "ua-naia", Country: "UA", Acronym: "NAIA", Type: "training", City: "Kyiv",
		Name:       "National Academy of Internal Affairs",
		NameNative: "Національна академія внутрішніх справ",
		Website:    "https://naiau.kiev.ua",
		Units: []string{
			"Department of Criminal Investigation Training",
			"Department of Cybersecurity and Digital Forensics",
			"International Relations Office",
			"Foreign Languages Centre",
		},
	},
	{
		Key: "ua-bes", Country: "UA", Acronym: "BES", Type: "other", City: "Kyiv",
		Name:       "Bureau of Economic Security of Ukraine",
		NameNative: "Бюро економічної безпеки України",
		Website:    "https://esbu.gov.ua",
		Units: []string{
			"Department for Detection of Economic Crimes",
			"Analytical Department",
			"International Cooperation Division",
		},
	},
	// Moldova
	{
		Key: "md-igp", Country: "MD", Acronym: "IGP", Type: "police", City: "Chișinău",
		Name:       "General Police Inspectorate",
		NameNative: "Inspectoratul General al Poliției",
		Website:    "https://politia.md",
		Units: []string{
			"Centre for International Police Cooperation",
			"National Investigation Inspectorate",
			"Centre for Combating Cyber Crimes",
			"Centre for Combating Trafficking in Persons",
			"Directorate for Information Management and Criminal Analysis",
		},
	},
	{
		Key: "md-igpf", Country: "MD", Acronym: "IGPF", Type: "border_guard", City: "Chișinău",
		Name:       "General Inspectorate of Border Police",
		NameNative: "Inspectoratul General al Poliției de Frontieră",
		Website:    "https://border.gov.md",
		Units: []string{
			"Risk Analysis Directorate",
			"Directorate for Combating Cross-Border Crime",
			"International Cooperation Directorate",
			"Border Surveillance Directorate",
		},
	},
	{
		Key: "md-customs", Country: "MD", Acronym: "SV", Type: "customs", City: "Chișinău",
		Name:       "Customs Service of the Republic of Moldova",
		NameNative: "Serviciul Vamal al Republicii Moldova",
		Website:    "https://customs.gov.md",
		Units: []string{
			"Directorate for Combating Customs Fraud",
			"Risk Management Directorate",
			"International Relations Section",
		},
	},
	{
		Key: "md-cna", Country: "MD", Acronym: "CNA", Type: "anti_corruption", City: "Chișinău",
		Name:       "National Anticorruption Centre",
		NameNative: "Centrul Național Anticorupție",
		Website:    "https://cna.md",
		Units: []string{
			"Criminal Investigation Directorate",
			"Analytical Directorate",
			"Criminal Assets Recovery Agency",
			"International Cooperation Section",
		},
	},
	{
		Key: "md-pg", Country: "MD", Acronym: "PG", Type: "prosecution", City: "Chișinău",
		Name:       "Prosecutor General's Office of the Republic of Moldova",
		NameNative: "Procuratura Generală a Republicii Moldova",
		Website:    "https://procuratura.md",
		Units: []string{
			"Section for International Legal Assistance and European Integration",
			"Prosecutor's Office for Combating Organised Crime and Special Cases",
			"Anti-Corruption Prosecutor's Office",
			"Section for Combating Cybercrime",
		},
	},
	{
		Key: "md-spcsb", Country: "MD", Acronym: "SPCSB", Type: "fiu", City: "Chișinău",
		Name:       "Office for Prevention and Fight against Money Laundering",
		NameNative: "Serviciul Prevenirea și Combaterea Spălării Banilor",
		Website:    "https://spcsb.gov.md",
		Units: []string{
			"Financial Analysis Directorate",
			"Supervision and Compliance Directorate",
			"International Cooperation Section",
		},
	},
	{
		Key: "md-academy", Country: "MD", Acronym: "ASCM", Type: "training", City: "Chișinău",
		Name:       "“Ștefan cel Mare” Academy of the Ministry of Internal Affairs",
		NameNative: "Academia „Ștefan cel Mare” a Ministerului Afacerilor Interne",
		Website:    "",
		Units: []string{
			"Faculty of Law, Public Order and Civil Security",
			"Centre for Continuous Professional Training",
			"International Relations Section",
		},
	},
	// Georgia
	{
		Key: "ge-mia", Country: "GE", Acronym: "MIA", Type: "police", City: "Tbilisi",
		Name:       "Ministry of Internal Affairs of Georgia",
		NameNative: "საქართველოს შინაგან საქმეთა სამინისტრო",
		Website:    "https://police.ge",
		Units: []string{
			"International Relations Department",
			"Central Criminal Police Department",
			"Cybercrime Division",
			"Analytical Department",
			"Department for Combating Drug Crime",
		},
	},
	{
		Key: "ge-bpg", Country: "GE", Acronym: "BPG", Type: "border_guard", City: "Tbilisi",
		Name:       "Border Police of Georgia",
		NameNative: "საქართველოს სასაზღვრო პოლიცია",
		Website:    "",
		Units: []string{
			"Land Border Protection Department",
			"Coast Guard Department",
			"Analytical and Risk Assessment Unit",
			"International Relations Unit",
		},
	},
	{
		Key: "ge-rs", Country: "GE", Acronym: "GRS", Type: "customs", City: "Tbilisi",
		Name:       "Revenue Service of Georgia",
		NameNative: "საქართველოს შემოსავლების სამსახური",
		Website:    "https://www.rs.ge",
		Units: []string{
			"Customs Department",
			"Customs Intelligence and Risk Management Division",
			"International Relations Division",
		},
	},
	{
		Key: "ge-pog", Country: "GE", Acronym: "POG", Type: "prosecution", City: "Tbilisi",
		Name:       "Prosecutor's Office of Georgia",
		NameNative: "საქართველოს პროკურატურა",
		Website:    "https://pog.gov.ge",
		Units: []string{
			"Department of International Relations",
			"Department for Supervision of Organised Crime Investigations",
			"Department for Supervision of Financial Crime Investigations",
		},
	},
	{
		Key: "ge-fms", Country: "GE", Acronym: "FMS", Type: "fiu", City: "Tbilisi",
		Name:       "Financial Monitoring Service of Georgia",
		NameNative: "საქართველოს ფინანსური მონიტორინგის სამსახური",
		Website:    "https://www.fms.gov.ge",
		Units: []string{
			"Analytical Department",
			"Monitoring Department",
			"International Relations Division",
		},
	},
	{
		Key: "ge-acb", Country: "GE", Acronym: "ACB", Type: "anti_corruption", City: "Tbilisi",
		Name:       "Anti-Corruption Bureau of Georgia",
		NameNative: "საქართველოს ანტიკორუფციული ბიურო",
		Website:    "",
		Units: []string{
			"Corruption Prevention Department",
			"Asset Declaration Monitoring Department",
			"International Relations Division",
		},
	},
	{
		Key: "ge-academy", Country: "GE", Acronym: "MIA Academy", Type: "training", City: "Tbilisi",
		Name:       "Academy of the Ministry of Internal Affairs of Georgia",
		NameNative: "საქართველოს შინაგან საქმეთა სამინისტროს აკადემია",
		Website:    "",
		Units: []string{
			"Department of Professional Development Programmes",
			"Department of Investigative Training",
			"International Relations Unit",
		},
	},
	{
		Key: "ge-ismf", Country: "GE", Acronym: "ISMF", Type: "other", City: "Tbilisi",
		Name:       "Investigation Service of the Ministry of Finance of Georgia",
		NameNative: "საქართველოს ფინანსთა სამინისტროს საგამოძიებო სამსახური",
		Website:    "",
		Units: []string{
			"Investigation Department",
			"Analytical Department",
			"International Relations Unit",
		},
	},
	// Armenia
	{
		Key: "am-police", Country: "AM", Acronym: "RA Police", Type: "police", City: "Yerevan",
		Name:       "Police of the Republic of Armenia",
		NameNative: "Հայաստանի Հանրապետության ոստիկանություն",
		Website:    "https://www.police.am",
		Units: []string{
			"International Cooperation Department",
			"Main Department for Combating Organised Crime",
			"Department for Combating High-Tech Crime",
			"Department for Combating Drug Trafficking",
			"Information and Analytical Centre",
		},
	},
	{
		Key: "am-ic", Country: "AM", Acronym: "IC", Type: "other", City: "Yerevan",
		Name:       "Investigative Committee of the Republic of Armenia",
		NameNative: "Հայաստանի Հանրապետության քննչական կոմիտե",
		Website:    "",
		Units: []string{
			"Main Department for Investigation of Particularly Important Cases",
			"Department for Investigation of Cybercrime",
			"International Legal Cooperation Department",
		},
	},
	{
		Key: "am-src", Country: "AM", Acronym: "SRC", Type: "customs", City: "Yerevan",
		Name:       "State Revenue Committee of the Republic of Armenia",
		NameNative: "Հայաստանի Հանրապետության պետական եկամուտների կոմիտե",
		Website:    "https://www.petekamutner.am",
		Units: []string{
			"Customs Control Department",
			"Investigation Department",
			"Risk Management Department",
			"International Cooperation Department",
		},
	},
	{
		Key: "am-po", Country: "AM", Acronym: "PO", Type: "prosecution", City: "Yerevan",
		Name:       "Prosecutor's Office of the Republic of Armenia",
		NameNative: "Հայաստանի Հանրապետության դատախազություն",
		Website:    "https://www.prosecutor.am",
		Units: []string{
			"International Legal Cooperation Department",
			"Department for Combating Organised Crime",
			"Department for Confiscation of Illegal Assets",
		},
	},
	{
		Key: "am-fmc", Country: "AM", Acronym: "FMC", Type: "fiu", City: "Yerevan",
		Name:       "Financial Monitoring Center of the Central Bank of Armenia",
		NameNative: "Հայաստանի Հանրապետության կենտրոնական բանկի ֆինանսական դիտանցման կենտրոն",
		Website:    "",
		Units: []string{
			"Analysis Division",
			"Methodology and Supervision Division",
			"International Cooperation Division",
		},
	},
	{
		Key: "am-acc", Country: "AM", Acronym: "ACC", Type: "anti_corruption", City: "Yerevan",
		Name:       "Anti-Corruption Committee of the Republic of Armenia",
		NameNative: "Հայաստանի Հանրապետության հակակոռուպցիոն կոմիտե",
		Website:    "",
		Units: []string{
			"Investigation Department",
			"Department of Financial Investigations",
			"International Cooperation Division",
		},
	},
	{
		Key: "am-pec", Country: "AM", Acronym: "PEC", Type: "training", City: "Yerevan",
		Name:       "Police Educational Complex of the Ministry of Internal Affairs",
		NameNative: "Ներքին գործերի նախարարության ոստիկանության կրթահամալիր",
		Website:    "",
		Units: []string{
			"Department of Professional Development",
			"Department of Criminal Law and Forensics",
			"International Cooperation Unit",
		},
	},
	// Azerbaijan
	{
		Key: "az-mia", Country: "AZ", Acronym: "MIA", Type: "police", City: "Baku",
		Name:       "Ministry of Internal Affairs of the Republic of Azerbaijan",
		NameNative: "Azərbaycan Respublikasının Daxili İşlər Nazirliyi",
		Website:    "https://mia.gov.az",
		Units: []string{
			"International Cooperation Department",
			"Main Department for Combating Organised Crime",
			"Main Drug Control Department",
			"Department for Combating Trafficking in Human Beings",
			"Interpol National Central Bureau",
		},
	},
	{
		Key: "az-sbs", Country: "AZ", Acronym: "SBS", Type: "border_guard", City: "Baku",
		Name:       "State Border Service of the Republic of Azerbaijan",
		NameNative: "Azərbaycan Respublikasının Dövlət Sərhəd Xidməti",
		Website:    "https://dsx.gov.az",
		Units: []string{
			"Border Control Department",
			"Coast Guard",
			"Intelligence and Risk Analysis Department",
			"International Cooperation Department",
		},
	},
	{
		Key: "az-scc", Country: "AZ", Acronym: "SCC", Type: "customs", City: "Baku",
		Name:       "State Customs Committee of the Republic of Azerbaijan",
		NameNative: "Azərbaycan Respublikasının Dövlət Gömrük Komitəsi",
		Website:    "https://customs.gov.az",
		Units: []string{
			"Main Department for Combating Smuggling",
			"Risk Management Department",
			"International Relations Department",
		},
	},
	{
		Key: "az-pgo", Country: "AZ", Acronym: "PGO", Type: "prosecution", City: "Baku",
		Name:       "Prosecutor General's Office of the Republic of Azerbaijan",
		NameNative: "Azərbaycan Respublikasının Baş Prokurorluğu",
		Website:    "https://genprosecutor.gov.az",
		Units: []string{
			"International Relations Department",
			"Department for Organised Crime Cases",
			"Department for Cybercrime Cases",
		},
	},
	{
		Key: "az-fms", Country: "AZ", Acronym: "FMS", Type: "fiu", City: "Baku",
		Name:       "Financial Monitoring Service of the Republic of Azerbaijan",
		NameNative: "Azərbaycan Respublikasının Maliyyə Monitorinqi Xidməti",
		Website:    "",
		Units: []string{
			"Analysis Department",
			"Supervision Department",
			"International Cooperation Department",
		},
	},
	{
		Key: "az-acd", Country: "AZ", Acronym: "ACD", Type: "anti_corruption", City: "Baku",
		Name:       "Anti-Corruption Directorate under the Prosecutor General of the Republic of Azerbaijan",
		NameNative: "Baş Prokuror yanında Korrupsiyaya qarşı Mübarizə Baş İdarəsi",
		Website:    "",
		Units: []string{
			"Investigation Department",
			"Operational-Investigative Department",
			"International Relations Division",
		},
	},
	{
		Key: "az-pa", Country: "AZ", Acronym: "PA", Type: "training", City: "Baku",
		Name:       "Police Academy of the Ministry of Internal Affairs of the Republic of Azerbaijan",
		NameNative: "Daxili İşlər Nazirliyinin Polis Akademiyası",
		Website:    "",
		Units: []string{
			"Department of Criminalistics",
			"Department of Operational-Search Activity",
			"International Relations Department",
		},
	},
	// EU bodies
	{
		Key: "eu-cepol", Country: "EU", Acronym: "CEPOL", Type: "eu_agency", City: "Budapest",
		Name:       "European Union Agency for Law Enforcement Training",
		NameNative: "",
		Website:    "https://www.cepol.europa.eu",
		Units: []string{
			"Operations Department",
			"Capacity Building Unit",
			"TOPCOP II Project Team",
			"Digital Learning Unit",
		},
	},
	{
		Key: "eu-europol", Country: "EU", Acronym: "Europol", Type: "eu_agency", City: "The Hague",
		Name:       "European Union Agency for Law Enforcement Cooperation",
		NameNative: "",
		Website:    "https://www.europol.europa.eu",
		Units: []string{
			"European Serious and Organised Crime Centre (ESOCC)",
			"European Cybercrime Centre (EC3)",
			"European Financial and Economic Crime Centre (EFECC)",
			"European Migrant Smuggling Centre (EMSC)",
			"Analysis and Strategic Coordination (EMPACT Support)",
		},
	},
	{
		Key: "eu-frontex", Country: "EU", Acronym: "Frontex", Type: "eu_agency", City: "Warsaw",
		Name:       "European Border and Coast Guard Agency",
		NameNative: "",
		Website:    "https://www.frontex.europa.eu",
		Units: []string{
			"Training Unit",
			"Risk Analysis Unit",
			"International and European Cooperation Division",
		},
	},
	{
		Key: "eu-eurojust", Country: "EU", Acronym: "Eurojust", Type: "eu_agency", City: "The Hague",
		Name:       "European Union Agency for Criminal Justice Cooperation",
		NameNative: "",
		Website:    "https://www.eurojust.europa.eu",
		Units: []string{
			"Operations Department",
			"Institutional Affairs Office",
			"Legal Affairs Unit",
		},
	},
	{
		Key: "eu-eeas", Country: "EU", Acronym: "EEAS", Type: "other", City: "Brussels",
		Name:       "European External Action Service",
		NameNative: "",
		Website:    "https://www.eeas.europa.eu",
		Units: []string{
			"Eastern Partnership, Regional Cooperation and OSCE Division",
			"Civilian Planning and Conduct Capability",
		},
	},
	{
		// DG NEAR until 2025.
		Key: "eu-ec-enest", Country: "EU", Acronym: "DG ENEST", Type: "other", City: "Brussels",
		Name:       "European Commission – Directorate-General for Enlargement and Eastern Neighbourhood",
		NameNative: "",
		Website:    "",
		Units: []string{
			"Eastern Neighbourhood Directorate",
			"Rule of Law, Justice and Home Affairs Unit",
			"Contracts and Finance Unit",
		},
	},
	{
		Key: "eu-euam", Country: "EU", Acronym: "EUAM Ukraine", Type: "other", City: "Kyiv",
		Name:       "EU Advisory Mission Ukraine",
		NameNative: "",
		Website:    "https://www.euam-ukraine.eu",
		Units: []string{
			"Operations Department",
			"Criminal Investigations and Organised Crime Team",
			"Regional Field Office Lviv",
		},
	},
	{
		Key: "eu-eumm", Country: "EU", Acronym: "EUMM Georgia", Type: "other", City: "Tbilisi",
		Name:       "EU Monitoring Mission in Georgia",
		NameNative: "",
		Website:    "https://www.eumm.eu",
		Units: []string{
			"Operations Department",
			"Field Office Mtskheta",
			"Field Office Gori",
			"Field Office Zugdidi",
		},
	},
	{
		Key: "eu-eubam", Country: "EU", Acronym: "EUBAM", Type: "other", City: "Odesa",
		Name:       "European Union Border Assistance Mission to Moldova and Ukraine",
		NameNative: "",
		Website:    "https://eubam.org",
		Units: []string{
			"Operations Unit",
			"Cross-Border Crime Unit",
			"Field Office Chișinău",
		},
	},
	// EU Member State agencies
	{
		Key: "pl-kgp", Country: "PL", Acronym: "KGP", Type: "police", City: "Warsaw",
		Name:       "Polish Police – National Police Headquarters",
		NameNative: "Komenda Główna Policji",
		Website:    "https://policja.pl",
		Units: []string{
			"Criminal Bureau",
			"International Police Cooperation Bureau",
			"Drug Crime Department",
		},
	},
	{
		Key: "lt-pd", Country: "LT", Acronym: "LPD", Type: "police", City: "Vilnius",
		Name:       "Police Department under the Ministry of the Interior of the Republic of Lithuania",
		NameNative: "Policijos departamentas prie Lietuvos Respublikos vidaus reikalų ministerijos",
		Website:    "https://policija.lrv.lt",
		Units: []string{
			"Lithuanian Criminal Police Bureau",
			"International Liaison Office",
		},
	},
	{
		Key: "ro-igpr", Country: "RO", Acronym: "IGPR", Type: "police", City: "Bucharest",
		Name:       "General Inspectorate of Romanian Police",
		NameNative: "Inspectoratul General al Poliției Române",
		Website:    "https://www.politiaromana.ro",
		Units: []string{
			"Directorate for Combating Organised Crime",
			"Centre for International Police Cooperation",
			"Service for Combating Cybercrime",
		},
	},
	{
		Key: "de-bka", Country: "DE", Acronym: "BKA", Type: "police", City: "Wiesbaden",
		Name:       "Federal Criminal Police Office",
		NameNative: "Bundeskriminalamt",
		Website:    "https://www.bka.de",
		Units: []string{
			"Serious and Organised Crime Division",
			"International Coordination Division",
			"Cybercrime Division",
		},
	},
	{
		Key: "ee-ppa", Country: "EE", Acronym: "PPA", Type: "police", City: "Tallinn",
		Name:       "Estonian Police and Border Guard Board",
		NameNative: "Politsei- ja Piirivalveamet",
		Website:    "https://www.politsei.ee",
		Units: []string{
			"Central Criminal Police",
			"International Cooperation Bureau",
			"Border Guard Department",
		},
	},
	{
		Key: "nl-politie", Country: "NL", Acronym: "Politie", Type: "police", City: "Driebergen",
		Name:       "Netherlands Police",
		NameNative: "Politie",
		Website:    "https://www.politie.nl",
		Units: []string{
			"National Unit",
			"International Affairs Unit",
			"Team High Tech Crime",
		},
	},
}

// People: fictional staff of the agencies above. Any resemblance to real persons is coincidental.
var People = []Person{
	// National Police of Ukraine (ua-npu)
	{
		Key: "p001", Agency: "ua-npu", Unit: "",
		GivenName: "Andrii", FamilyName: "Tkachenko", GivenNameNative: "Андрій", FamilyNameNative: "Ткаченко",
		Sex: "male", Position: "Deputy Head of the National Police",
		Languages: []string{"uk", "en"}, Email: "a.tkachenko@npu.demo.example.org", Phone: "+380 44 555 0100",
	},
	{
		Key: "p002", Agency: "ua-npu", Unit: "International Police Cooperation Department",
		GivenName: "Oleksandr", FamilyName: "Kovalenko", GivenNameNative: "Олександр", FamilyNameNative: "Коваленко",
		Sex: "male", Position: "Head of International Police Cooperation Department",
		Languages: []string{"uk", "en", "ru"}, Email: "o.kovalenko@npu.demo.example.org", Phone: "+380 44 555 0101",
	},
	{
		Key: "p003", Agency: "ua-npu", Unit: "International Police Cooperation Department",
		GivenName: "Olena", FamilyName: "Oliinyk", GivenNameNative: "Олена", FamilyNameNative: "Олійник",
		Sex: "female", Position: "Senior Duty Officer, Interpol–Europol 24/7 Contact Point",
		Languages: []string{"uk", "en", "pl"}, Email: "o.oliinyk@npu.demo.example.org", Phone: "+380 44 555 0102",
	},
	{
		Key: "p004", Agency: "ua-npu", Unit: "International Police Cooperation Department",
		GivenName: "Serhii", FamilyName: "Ostrovskyi", GivenNameNative: "Сергій", FamilyNameNative: "Островський",
		Sex: "male", Position: "Liaison Officer to Europol (The Hague)",
		Languages: []string{"uk", "en"}, Email: "s.ostrovskyi@npu.demo.example.org", Phone: "+380 44 555 0103",
	},
	{
		Key: "p005", Agency: "ua-npu", Unit: "Cyber Police Department",
		GivenName: "Nataliia", FamilyName: "Melnyk", GivenNameNative: "Наталія", FamilyNameNative: "Мельник",
		Sex: "female", Position: "Chief Inspector, Cybercrime Investigations",
		Languages: []string{"uk", "en", "de"}, Email: "n.melnyk@npu.demo.example.org", Phone: "+380 44 555 0104",
	},
	{
		Key: "p006", Agency: "ua-npu", Unit: "Department of Strategic Investigations",
		GivenName: "Dmytro", FamilyName: "Moroz", GivenNameNative: "Дмитро", FamilyNameNative: "Мороз",
		Sex: "male", Position: "Senior Investigator, Organised Crime",
		Languages: []string{"uk", "en"}, Email: "d.moroz@npu.demo.example.org", Phone: "+380 44 555 0105",
	},
	{
		Key: "p007", Agency: "ua-npu", Unit: "Drug Crime Counteraction Department",
		GivenName: "Iryna", FamilyName: "Lysenko", GivenNameNative: "Ірина", FamilyNameNative: "Лисенко",
		Sex: "female", Position: "Head of Unit for International Drug Trafficking",
		Languages: []string{"uk", "en"}, Email: "i.lysenko@npu.demo.example.org", Phone: "+380 44 555 0106",
	},
	{
		Key: "p008", Agency: "ua-npu", Unit: "Department of Information and Analytical Support",
		GivenName: "Tetiana", FamilyName: "Rudenko", GivenNameNative: "Тетяна", FamilyNameNative: "Руденко",
		Sex: "female", Position: "Senior Criminal Analyst",
		Languages: []string{"uk", "en", "pl"}, Email: "t.rudenko@npu.demo.example.org", Phone: "+380 44 555 0107",
	},
	// State Border Guard Service of Ukraine (ua-sbgs)
	{
		Key: "p009", Agency: "ua-sbgs", Unit: "",
		GivenName: "Yurii", FamilyName: "Savytskyi", GivenNameNative: "Юрій", FamilyNameNative: "Савицький",
		Sex: "male", Position: "Deputy Head of the State Border Guard Service",
		Languages: []string{"uk", "en"}, Email: "y.savytskyi@dpsu.demo.example.org", Phone: "+380 44 555 0108",
	},
	{
		Key: "p010", Agency: "ua-sbgs", Unit: "International Cooperation Department",
		GivenName: "Oksana", FamilyName: "Savchenko", GivenNameNative: "Оксана", FamilyNameNative: "Савченко",
		Sex: "female", Position: "Senior Officer, International Cooperation (24/7 desk)",
		Languages: []string{"uk", "en"}, Email: "o.savchenko@dpsu.demo.example.org", Phone: "+380 44 555 0109",
	},
	{
		Key: "p011", Agency: "ua-sbgs", Unit: "Unit for Combating Irregular Migration and Trafficking in Human Beings",
		GivenName: "Mykola", FamilyName: "Petrenko", GivenNameNative: "Микола", FamilyNameNative: "Петренко",
		Sex: "male", Position: "Head of Unit, Migrant Smuggling and Trafficking in Human Beings",
		Languages: []string{"uk", "en"}, Email: "m.petrenko@dpsu.demo.example.org", Phone: "+380 44 555 0110",
	},
	{
		Key: "p012", Agency: "ua-sbgs", Unit: "Intelligence and Risk Analysis Department",
		GivenName: "Yuliia", FamilyName: "Polishchuk", GivenNameNative: "Юлія", FamilyNameNative: "Поліщук",
		Sex: "female", Position: "Risk Analyst",
		Languages: []string{"uk", "en", "de"}, Email: "y.polishchuk@dpsu.demo.example.org", Phone: "+380 44 555 0111",
	},
	// State Customs Service of Ukraine (ua-scs)
	{
		Key: "p013", Agency: "ua-scs", Unit: "Department for Combating Smuggling and Customs Offences",
		GivenName: "Vitalii", FamilyName: "Shevchuk", GivenNameNative: "Віталій", FamilyNameNative: "Шевчук",
		Sex: "male", Position: "Head of Anti-Smuggling Division",
		Languages: []string{"uk", "en", "pl"}, Email: "v.shevchuk@customs-ua.demo.example.org", Phone: "+380 44 555 0112",
	},
	{
		Key: "p014", Agency: "ua-scs", Unit: "Risk Management Department",
		GivenName: "Kateryna", FamilyName: "Boiko", GivenNameNative: "Катерина", FamilyNameNative: "Бойко",
		Sex: "female", Position: "Chief Customs Inspector, Risk Profiling",
		Languages: []string{"uk", "en"}, Email: "k.boiko@customs-ua.demo.example.org", Phone: "+380 44 555 0113",
	},
	{
		Key: "p015", Agency: "ua-scs", Unit: "International Cooperation Unit",
		GivenName: "Svitlana", FamilyName: "Tkachuk", GivenNameNative: "Світлана", FamilyNameNative: "Ткачук",
		Sex: "female", Position: "Senior Inspector, International Cooperation",
		Languages: []string{"uk", "en"}, Email: "s.tkachuk@customs-ua.demo.example.org", Phone: "+380 44 555 0114",
	},
	// Office of the Prosecutor General (ua-opg)
	{
		Key: "p016", Agency: "ua-opg", Unit: "",
		GivenName: "Mariia", FamilyName: "Kovalchuk", GivenNameNative: "Марія", FamilyNameNative: "Ковальчук",
		Sex: "female", Position: "Deputy Prosecutor General",
		Languages: []string{"uk", "en"}, Email: "m.kovalchuk@opg.demo.example.org", Phone: "+380 44 555 0115",
	},
	{
		Key: "p017", Agency: "ua-opg", Unit: "Department of International Legal Cooperation",
		GivenName: "Taras", FamilyName: "Zhuravskyi", GivenNameNative: "Тарас", FamilyNameNative: "Журавський",
		Sex: "male", Position: "Prosecutor, International Legal Cooperation",
		Languages: []string{"uk", "en"}, Email: "t.zhuravskyi@opg.demo.example.org", Phone: "+380 44 555 0116",
	},
	{
		Key: "p018", Agency: "ua-opg", Unit: "Department for Combating Organised Crime",
		GivenName: "Bohdan", FamilyName: "Hnatiuk", GivenNameNative: "Богдан", FamilyNameNative: "Гнатюк",
		Sex: "male", Position: "Senior Prosecutor, Organised Crime",
		Languages: []string{"uk", "en", "pl"}, Email: "b.hnatiuk@opg.demo.example.org", Phone: "+380 44 555 0117",
	},
	{
		Key: "p019", Agency: "ua-opg", Unit: "Department for Combating Cybercrime",
		GivenName: "Anna", FamilyName: "Kuzmenko", GivenNameNative: "Анна", FamilyNameNative: "Кузьменко",
		Sex: "female", Position: "Prosecutor, Cybercrime",
		Languages: []string{"uk", "en", "de"}, Email: "a.kuzmenko@opg.demo.example.org", Phone: "+380 44 555 0118",
	},
	// National Anti-Corruption Bureau of Ukraine (ua-nabu)
	{
		Key: "p020", Agency: "ua-nabu", Unit: "Main Detectives Unit",
		GivenName: "Oleh", FamilyName: "Levchenko", GivenNameNative: "Олег", FamilyNameNative: "Левченко",
		Sex: "male", Position: "Senior Detective",
		Languages: []string{"uk", "en"}, Email: "o.levchenko@nabu.demo.example.org", Phone: "+380 44 555 0119",
	},
	{
		Key: "p021", Agency: "ua-nabu", Unit: "Analytics Division",
		GivenName: "Halyna", FamilyName: "Ponomarenko", GivenNameNative: "Галина", FamilyNameNative: "Пономаренко",
		Sex: "female", Position: "Financial Analyst",
		Languages: []string{"uk", "en"}, Email: "h.ponomarenko@nabu.demo.example.org", Phone: "+380 44 555 0120",
	},
	{
		Key: "p022", Agency: "ua-nabu", Unit: "International Cooperation Unit",
		GivenName: "Liudmyla", FamilyName: "Romaniuk", GivenNameNative: "Людмила", FamilyNameNative: "Романюк",
		Sex: "female", Position: "Head of International Cooperation Unit",
		Languages: []string{"uk", "en"}, Email: "l.romaniuk@nabu.demo.example.org", Phone: "+380 44 555 0121",
	},
	// State Financial Monitoring Service of Ukraine (ua-sfms)
	{
		Key: "p023", Agency: "ua-sfms", Unit: "Financial Investigations Department",
		GivenName: "Maksym", FamilyName: "Pavlenko", GivenNameNative: "Максим", FamilyNameNative: "Павленко",
		Sex: "male", Position: "Head of Financial Investigations Department",
		Languages: []string{"uk", "en", "pl"}, Email: "m.pavlenko@sfms.demo.example.org", Phone: "+380 44 555 0122",
	},
	{
		Key: "p024", Agency: "ua-sfms", Unit: "Strategic Analysis Division",
		GivenName: "Viktoriia", FamilyName: "Vovk", GivenNameNative: "Вікторія", FamilyNameNative: "Вовк",
		Sex: "female", Position: "Senior Financial Analyst",
		Languages: []string{"uk", "en"}, Email: "v.vovk@sfms.demo.example.org", Phone: "+380 44 555 0123",
	},
	{
		Key: "p025", Agency: "ua-sfms", Unit: "International Cooperation Division",
		GivenName: "Khrystyna", FamilyName: "Yaremchuk", GivenNameNative: "Христина", FamilyNameNative: "Яремчук",
		Sex: "female", Position: "Chief Specialist, International Cooperation",
		Languages: []string{"uk", "en"}, Email: "k.yaremchuk@sfms.demo.example.org", Phone: "+380 44 555 0124",
	},
	// National Academy of Internal Affairs (ua-naia)
	{
		Key: "p026", Agency: "ua-naia", Unit: "Department of Criminal Investigation Training",
		GivenName: "Ihor", FamilyName: "Sydorenko", GivenNameNative: "Ігор", FamilyNameNative: "Сидоренко",
		Sex: "male", Position: "Associate Professor, Criminal Investigation",
		Languages: []string{"uk", "en", "de"}, Email: "i.sydorenko@naiau.demo.example.org", Phone: "+380 44 555 0125",
	},
	{
		Key: "p027", Agency: "ua-naia", Unit: "Department of Cybersecurity and Digital Forensics",
		GivenName: "Olha", FamilyName: "Demchenko", GivenNameNative: "Ольга", FamilyNameNative: "Демченко",
		Sex: "female", Position: "Senior Lecturer, Digital Forensics",
		Languages: []string{"uk", "en"}, Email: "o.demchenko@naiau.demo.example.org", Phone: "+380 44 555 0126",
	},
	{
		Key: "p028", Agency: "ua-naia", Unit: "International Relations Office",
		GivenName: "Roman", FamilyName: "Marchenko", GivenNameNative: "Роман", FamilyNameNative: "Марченко",
		Sex: "male", Position: "Head of International Relations Office",
		Languages: []string{"uk", "en", "pl"}, Email: "r.marchenko@naiau.demo.example.org", Phone: "+380 44 555 0127",
	},
	// Bureau of Economic Security of Ukraine (ua-bes)
	{
		Key: "p029", Agency: "ua-bes", Unit: "Department for Detection of Economic Crimes",
		GivenName: "Vasyl", FamilyName: "Kostenko", GivenNameNative: "Василь", FamilyNameNative: "Костенко",
		Sex: "male", Position: "Senior Detective, Excise Fraud",
		Languages: []string{"uk", "en"}, Email: "v.kostenko@esbu.demo.example.org", Phone: "+380 44 555 0128",
	},
	{
		Key: "p030", Agency: "ua-bes", Unit: "Analytical Department",
		GivenName: "Daryna", FamilyName: "Bondarenko", GivenNameNative: "Дарина", FamilyNameNative: "Бондаренко",
		Sex: "female", Position: "Chief Analyst",
		Languages: []string{"uk", "en"}, Email: "d.bondarenko@esbu.demo.example.org", Phone: "+380 44 555 0129",
	},
	// General Police Inspectorate (md-igp)
	{
		Key: "p031", Agency: "md-igp", Unit: "",
		GivenName: "Vasile", FamilyName: "Rusu", GivenNameNative: "Vasile", FamilyNameNative: "Rusu",
		Sex: "male", Position: "Deputy Head of the General Police Inspectorate",
		Languages: []string{"ro", "ru", "en"}, Email: "v.rusu@igp.demo.example.org", Phone: "+373 22 555 100",
	},
	{
		Key: "p032", Agency: "md-igp", Unit: "Centre for International Police Cooperation",
		GivenName: "Natalia", FamilyName: "Ceban", GivenNameNative: "Natalia", FamilyNameNative: "Ceban",
		Sex: "female", Position: "Head of Europol and Interpol Cooperation Division",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "n.ceban@igp.demo.example.org", Phone: "+373 22 555 101",
	},
	{
		Key: "p033", Agency: "md-igp", Unit: "Centre for International Police Cooperation",
		GivenName: "Andrei", FamilyName: "Ciobanu", GivenNameNative: "Andrei", FamilyNameNative: "Ciobanu",
		Sex: "male", Position: "Duty Officer, 24/7 Operational Contact Point",
		Languages: []string{"ro", "ru", "en"}, Email: "a.ciobanu@igp.demo.example.org", Phone: "+373 22 555 102",
	},
	{
		Key: "p034", Agency: "md-igp", Unit: "Centre for International Police Cooperation",
		GivenName: "Ana", FamilyName: "Lungu", GivenNameNative: "Ana", FamilyNameNative: "Lungu",
		Sex: "female", Position: "Liaison Officer to Europol (The Hague)",
		Languages: []string{"ro", "ru", "en"}, Email: "a.lungu@igp.demo.example.org", Phone: "+373 22 555 103",
	},
	{
		Key: "p035", Agency: "md-igp", Unit: "National Investigation Inspectorate",
		GivenName: "Alexandru", FamilyName: "Cojocaru", GivenNameNative: "Alexandru", FamilyNameNative: "Cojocaru",
		Sex: "male", Position: "Chief Inspector, Organised Crime",
		Languages: []string{"ro", "ru", "en"}, Email: "a.cojocaru@igp.demo.example.org", Phone: "+373 22 555 104",
	},
	{
		Key: "p036", Agency: "md-igp", Unit: "Centre for Combating Cyber Crimes",
		GivenName: "Mihai", FamilyName: "Popa", GivenNameNative: "Mihai", FamilyNameNative: "Popa",
		Sex: "male", Position: "Senior Inspector, Cybercrime",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "m.popa@igp.demo.example.org", Phone: "+373 22 555 105",
	},
	{
		Key: "p037", Agency: "md-igp", Unit: "Centre for Combating Trafficking in Persons",
		GivenName: "Maria", FamilyName: "Sîrbu", GivenNameNative: "Maria", FamilyNameNative: "Sîrbu",
		Sex: "female", Position: "Head of Anti-Trafficking Section",
		Languages: []string{"ro", "ru", "en"}, Email: "m.sirbu@igp.demo.example.org", Phone: "+373 22 555 106",
	},
	// General Inspectorate of Border Police (md-igpf)
	{
		Key: "p038", Agency: "md-igpf", Unit: "",
		GivenName: "Elena", FamilyName: "Țurcan", GivenNameNative: "Elena", FamilyNameNative: "Țurcan",
		Sex: "female", Position: "Deputy Head of the General Inspectorate of Border Police",
		Languages: []string{"ro", "ru", "en"}, Email: "e.turcan@border-md.demo.example.org", Phone: "+373 22 555 107",
	},
	{
		Key: "p039", Agency: "md-igpf", Unit: "International Cooperation Directorate",
		GivenName: "Serghei", FamilyName: "Popov", GivenNameNative: "Сергей", FamilyNameNative: "Попов",
		Sex: "male", Position: "Senior Inspector, International Cooperation (24/7 desk)",
		Languages: []string{"ru", "ro", "en"}, Email: "s.popov@border-md.demo.example.org", Phone: "+373 22 555 108",
	},
	{
		Key: "p040", Agency: "md-igpf", Unit: "Directorate for Combating Cross-Border Crime",
		GivenName: "Sergiu", FamilyName: "Bivol", GivenNameNative: "Sergiu", FamilyNameNative: "Bivol",
		Sex: "male", Position: "Chief Inspector, Migrant Smuggling",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "s.bivol@border-md.demo.example.org", Phone: "+373 22 555 109",
	},
	{
		Key: "p041", Agency: "md-igpf", Unit: "Risk Analysis Directorate",
		GivenName: "Tatiana", FamilyName: "Botnaru", GivenNameNative: "Tatiana", FamilyNameNative: "Botnaru",
		Sex: "female", Position: "Risk Analyst",
		Languages: []string{"ro", "ru", "en"}, Email: "t.botnaru@border-md.demo.example.org", Phone: "+373 22 555 110",
	},
	// Customs Service of the Republic of Moldova (md-customs)
	{
		Key: "p042", Agency: "md-customs", Unit: "Directorate for Combating Customs Fraud",
		GivenName: "Victor", FamilyName: "Moraru", GivenNameNative: "Victor", FamilyNameNative: "Moraru",
		Sex: "male", Position: "Head of Anti-Smuggling Section",
		Languages: []string{"ro", "ru", "en"}, Email: "v.moraru@customs-md.demo.example.org", Phone: "+373 22 555 111",
	},
	{
		Key: "p043", Agency: "md-customs", Unit: "Risk Management Directorate",
		GivenName: "Svetlana", FamilyName: "Ivanova", GivenNameNative: "Светлана", FamilyNameNative: "Иванова",
		Sex: "female", Position: "Senior Customs Officer, Risk Analysis",
		Languages: []string{"ru", "ro", "en"}, Email: "s.ivanova@customs-md.demo.example.org", Phone: "+373 22 555 112",
	},
	{
		Key: "p044", Agency: "md-customs", Unit: "International Relations Section",
		GivenName: "Cristina", FamilyName: "Rotaru", GivenNameNative: "Cristina", FamilyNameNative: "Rotaru",
		Sex: "female", Position: "Customs Inspector, International Relations",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "c.rotaru@customs-md.demo.example.org", Phone: "+373 22 555 113",
	},
	// National Anticorruption Centre (md-cna)
	{
		Key: "p045", Agency: "md-cna", Unit: "",
		GivenName: "Olga", FamilyName: "Melnic", GivenNameNative: "Olga", FamilyNameNative: "Melnic",
		Sex: "female", Position: "Deputy Director",
		Languages: []string{"ro", "ru", "en"}, Email: "o.melnic@cna.demo.example.org", Phone: "+373 22 555 114",
	},
	{
		Key: "p046", Agency: "md-cna", Unit: "Criminal Investigation Directorate",
		GivenName: "Dumitru", FamilyName: "Croitoru", GivenNameNative: "Dumitru", FamilyNameNative: "Croitoru",
		Sex: "male", Position: "Senior Criminal Investigation Officer",
		Languages: []string{"ro", "ru", "en"}, Email: "d.croitoru@cna.demo.example.org", Phone: "+373 22 555 115",
	},
	{
		Key: "p047", Agency: "md-cna", Unit: "Criminal Assets Recovery Agency",
		GivenName: "Irina", FamilyName: "Gherman", GivenNameNative: "Irina", FamilyNameNative: "Gherman",
		Sex: "female", Position: "Head of Financial Investigations Section",
		Languages: []string{"ro", "ru", "en"}, Email: "i.gherman@cna.demo.example.org", Phone: "+373 22 555 116",
	},
	{
		Key: "p048", Agency: "md-cna", Unit: "Analytical Directorate",
		GivenName: "Nicolae", FamilyName: "Guțu", GivenNameNative: "Nicolae", FamilyNameNative: "Guțu",
		Sex: "male", Position: "Analyst",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "n.gutu@cna.demo.example.org", Phone: "+373 22 555 117",
	},
	// Prosecutor General's Office of the Republic of Moldova (md-pg)
	{
		Key: "p049", Agency: "md-pg", Unit: "Section for International Legal Assistance and European Integration",
		GivenName: "Diana", FamilyName: "Vieru", GivenNameNative: "Diana", FamilyNameNative: "Vieru",
		Sex: "female", Position: "Prosecutor, International Legal Assistance",
		Languages: []string{"ro", "ru", "en"}, Email: "d.vieru@procuratura-md.demo.example.org", Phone: "+373 22 555 118",
	},
	{
		Key: "p050", Agency: "md-pg", Unit: "Prosecutor's Office for Combating Organised Crime and Special Cases",
		GivenName: "Vadim", FamilyName: "Bălan", GivenNameNative: "Vadim", FamilyNameNative: "Bălan",
		Sex: "male", Position: "Chief Prosecutor, Drug Trafficking Section",
		Languages: []string{"ro", "ru", "en"}, Email: "v.balan@procuratura-md.demo.example.org", Phone: "+373 22 555 119",
	},
	{
		Key: "p051", Agency: "md-pg", Unit: "Anti-Corruption Prosecutor's Office",
		GivenName: "Mariana", FamilyName: "Roșca", GivenNameNative: "Mariana", FamilyNameNative: "Roșca",
		Sex: "female", Position: "Prosecutor",
		Languages: []string{"ro", "ru", "en"}, Email: "m.rosca@procuratura-md.demo.example.org", Phone: "+373 22 555 120",
	},
	{
		Key: "p052", Agency: "md-pg", Unit: "Section for Combating Cybercrime",
		GivenName: "Radu", FamilyName: "Postolachi", GivenNameNative: "Radu", FamilyNameNative: "Postolachi",
		Sex: "male", Position: "Prosecutor, Cybercrime",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "r.postolachi@procuratura-md.demo.example.org", Phone: "+373 22 555 121",
	},
	// Office for Prevention and Fight against Money Laundering (md-spcsb)
	{
		Key: "p053", Agency: "md-spcsb", Unit: "Financial Analysis Directorate",
		GivenName: "Ștefan", FamilyName: "Railean", GivenNameNative: "Ștefan", FamilyNameNative: "Railean",
		Sex: "male", Position: "Head of Financial Analysis Directorate",
		Languages: []string{"ro", "ru", "en"}, Email: "s.railean@spcsb.demo.example.org", Phone: "+373 22 555 122",
	},
	{
		Key: "p054", Agency: "md-spcsb", Unit: "Financial Analysis Directorate",
		GivenName: "Victoria", FamilyName: "Cazacu", GivenNameNative: "Victoria", FamilyNameNative: "Cazacu",
		Sex: "female", Position: "Senior Financial Analyst",
		Languages: []string{"ro", "ru", "en"}, Email: "v.cazacu@spcsb.demo.example.org", Phone: "+373 22 555 123",
	},
	{
		Key: "p055", Agency: "md-spcsb", Unit: "International Cooperation Section",
		GivenName: "Doina", FamilyName: "Bejenaru", GivenNameNative: "Doina", FamilyNameNative: "Bejenaru",
		Sex: "female", Position: "Chief Specialist, International Cooperation",
		Languages: []string{"ro", "ru", "en"}, Email: "d.bejenaru@spcsb.demo.example.org", Phone: "+373 22 555 124",
	},
	// “Ștefan cel Mare” Academy of the Ministry of Internal Affairs (md-academy)
	{
		Key: "p056", Agency: "md-academy", Unit: "Faculty of Law, Public Order and Civil Security",
		GivenName: "Ecaterina", FamilyName: "Onu", GivenNameNative: "Ecaterina", FamilyNameNative: "Onu",
		Sex: "female", Position: "Associate Professor, Criminal Procedure and Forensics",
		Languages: []string{"ro", "ru", "en", "fr"}, Email: "e.onu@academia-md.demo.example.org", Phone: "+373 22 555 125",
	},
	{
		Key: "p057", Agency: "md-academy", Unit: "Centre for Continuous Professional Training",
		GivenName: "Vitalie", FamilyName: "Chiriac", GivenNameNative: "Vitalie", FamilyNameNative: "Chiriac",
		Sex: "male", Position: "Trainer, Financial Investigations",
		Languages: []string{"ro", "ru", "en"}, Email: "v.chiriac@academia-md.demo.example.org", Phone: "+373 22 555 126",
	},
	{
		Key: "p058", Agency: "md-academy", Unit: "International Relations Section",
		GivenName: "Angela", FamilyName: "Leahu", GivenNameNative: "Angela", FamilyNameNative: "Leahu",
		Sex: "female", Position: "Head of International Relations Section",
		Languages: []string{"ro", "ru", "en"}, Email: "a.leahu@academia-md.demo.example.org", Phone: "+373 22 555 127",
	},
	// Ministry of Internal Affairs of Georgia (ge-mia)
	{
		Key: "p059", Agency: "ge-mia", Unit: "Central Criminal Police Department",
		GivenName: "Davit", FamilyName: "Kapanadze", GivenNameNative: "დავით", FamilyNameNative: "კაპანაძე",
		Sex: "male", Position: "Deputy Director, Central Criminal Police Department",
		Languages: []string{"ka", "en", "ru"}, Email: "d.kapanadze@mia-ge.demo.example.org", Phone: "+995 32 555 0100",
	},
	{
		Key: "p060", Agency: "ge-mia", Unit: "International Relations Department",
		GivenName: "Giorgi", FamilyName: "Beridze", GivenNameNative: "გიორგი", FamilyNameNative: "ბერიძე",
		Sex: "male", Position: "Head of Division for Cooperation with EU Agencies",
		Languages: []string{"ka", "en", "ru"}, Email: "g.beridze@mia-ge.demo.example.org", Phone: "+995 32 555 0101",
	},
	{
		Key: "p061", Agency: "ge-mia", Unit: "International Relations Department",
		GivenName: "Nino", FamilyName: "Gelashvili", GivenNameNative: "ნინო", FamilyNameNative: "გელაშვილი",
		Sex: "female", Position: "Duty Officer, Interpol NCB Tbilisi (24/7)",
		Languages: []string{"ka", "en", "ru"}, Email: "n.gelashvili@mia-ge.demo.example.org", Phone: "+995 32 555 0102",
	},
	{
		Key: "p062", Agency: "ge-mia", Unit: "International Relations Department",
		GivenName: "Levan", FamilyName: "Lomidze", GivenNameNative: "ლევან", FamilyNameNative: "ლომიძე",
		Sex: "male", Position: "Liaison Officer to Europol (The Hague)",
		Languages: []string{"ka", "en", "ru"}, Email: "l.lomidze@mia-ge.demo.example.org", Phone: "+995 32 555 0103",
	},
	{
		Key: "p063", Agency: "ge-mia", Unit: "Cybercrime Division",
		GivenName: "Tamar", FamilyName: "Tsiklauri", GivenNameNative: "თამარ", FamilyNameNative: "წიკლაური",
		Sex: "female", Position: "Senior Investigator, Cybercrime Division",
		Languages: []string{"ka", "en", "de"}, Email: "t.tsiklauri@mia-ge.demo.example.org", Phone: "+995 32 555 0104",
	},
	{
		Key: "p064", Agency: "ge-mia", Unit: "Analytical Department",
		GivenName: "Mariam", FamilyName: "Khutsishvili", GivenNameNative: "მარიამ", FamilyNameNative: "ხუციშვილი",
		Sex: "female", Position: "Senior Analyst",
		Languages: []string{"ka", "en", "ru"}, Email: "m.khutsishvili@mia-ge.demo.example.org", Phone: "+995 32 555 0105",
	},
	{
		Key: "p065", Agency: "ge-mia", Unit: "Department for Combating Drug Crime",
		GivenName: "Irakli", FamilyName: "Meladze", GivenNameNative: "ირაკლი", FamilyNameNative: "მელაძე",
		Sex: "male", Position: "Chief Inspector, Drug Enforcement",
		Languages: []string{"ka", "en", "ru"}, Email: "i.meladze@mia-ge.demo.example.org", Phone: "+995 32 555 0106",
	},
	// Border Police of Georgia (ge-bpg)
	{
		Key: "p066", Agency: "ge-bpg", Unit: "",
		GivenName: "Ana", FamilyName: "Maisuradze", GivenNameNative: "ანა", FamilyNameNative: "მაისურაძე",
		Sex: "female", Position: "Deputy Head of the Border Police",
		Languages: []string{"ka", "en", "de"}, Email: "a.maisuradze@bpg.demo.example.org", Phone: "+995 32 555 0107",
	},
	{
		Key: "p067", Agency: "ge-bpg", Unit: "Coast Guard Department",
		GivenName: "Nikoloz", FamilyName: "Mikeladze", GivenNameNative: "ნიკოლოზ", FamilyNameNative: "მიქელაძე",
		Sex: "male", Position: "Operations Officer, Coast Guard Department (24/7)",
		Languages: []string{"ka", "en", "ru"}, Email: "n.mikeladze@bpg.demo.example.org", Phone: "+995 32 555 0108",
	},
	{
		Key: "p068", Agency: "ge-bpg", Unit: "Analytical and Risk Assessment Unit",
		GivenName: "Ketevan", FamilyName: "Nozadze", GivenNameNative: "ქეთევან", FamilyNameNative: "ნოზაძე",
		Sex: "female", Position: "Risk Analyst",
		Languages: []string{"ka", "en", "ru"}, Email: "k.nozadze@bpg.demo.example.org", Phone: "+995 32 555 0109",
	},
	// Revenue Service of Georgia (ge-rs)
	{
		Key: "p069", Agency: "ge-rs", Unit: "Customs Department",
		GivenName: "Zurab", FamilyName: "Chikovani", GivenNameNative: "ზურაბ", FamilyNameNative: "ჩიქოვანი",
		Sex: "male", Position: "Head of Customs Control Division",
		Languages: []string{"ka", "en", "de"}, Email: "z.chikovani@rs-ge.demo.example.org", Phone: "+995 32 555 0110",
	},
	{
		Key: "p070", Agency: "ge-rs", Unit: "Customs Intelligence and Risk Management Division",
		GivenName: "Salome", FamilyName: "Javakhishvili", GivenNameNative: "სალომე", FamilyNameNative: "ჯავახიშვილი",
		Sex: "female", Position: "Senior Customs Intelligence Officer",
		Languages: []string{"ka", "en", "ru"}, Email: "s.javakhishvili@rs-ge.demo.example.org", Phone: "+995 32 555 0111",
	},
	{
		Key: "p071", Agency: "ge-rs", Unit: "International Relations Division",
		GivenName: "Lasha", FamilyName: "Gogiashvili", GivenNameNative: "ლაშა", FamilyNameNative: "გოგიაშვილი",
		Sex: "male", Position: "Chief Specialist, International Relations",
		Languages: []string{"ka", "en", "ru"}, Email: "l.gogiashvili@rs-ge.demo.example.org", Phone: "+995 32 555 0112",
	},
	// Prosecutor's Office of Georgia (ge-pog)
	{
		Key: "p072", Agency: "ge-pog", Unit: "",
		GivenName: "Tornike", FamilyName: "Bakradze", GivenNameNative: "თორნიკე", FamilyNameNative: "ბაქრაძე",
		Sex: "male", Position: "Deputy Prosecutor General",
		Languages: []string{"ka", "en", "de"}, Email: "t.bakradze@pog.demo.example.org", Phone: "+995 32 555 0113",
	},
	{
		Key: "p073", Agency: "ge-pog", Unit: "Department of International Relations",
		GivenName: "Eka", FamilyName: "Janelidze", GivenNameNative: "ეკა", FamilyNameNative: "ჯანელიძე",
		Sex: "female", Position: "Prosecutor, International Cooperation",
		Languages: []string{"ka", "en", "ru"}, Email: "e.janelidze@pog.demo.example.org", Phone: "+995 32 555 0114",
	},
	{
		Key: "p074", Agency: "ge-pog", Unit: "Department for Supervision of Organised Crime Investigations",
		GivenName: "Giga", FamilyName: "Kiknadze", GivenNameNative: "გიგა", FamilyNameNative: "კიკნაძე",
		Sex: "male", Position: "Senior Prosecutor, Organised Crime",
		Languages: []string{"ka", "en", "ru"}, Email: "g.kiknadze@pog.demo.example.org", Phone: "+995 32 555 0115",
	},
	{
		Key: "p075", Agency: "ge-pog", Unit: "Department for Supervision of Financial Crime Investigations",
		GivenName: "Natia", FamilyName: "Sulaberidze", GivenNameNative: "ნათია", FamilyNameNative: "სულაბერიძე",
		Sex: "female", Position: "Prosecutor, Financial Crime",
		Languages: []string{"ka", "en", "de"}, Email: "n.sulaberidze@pog.demo.example.org", Phone: "+995 32 555 0116",
	},
	// Financial Monitoring Service of Georgia (ge-fms)
	{
		Key: "p076", Agency: "ge-fms", Unit: "Analytical Department",
		GivenName: "Maia", FamilyName: "Chkheidze", GivenNameNative: "მაია", FamilyNameNative: "ჩხეიძე",
		Sex: "female", Position: "Head of Analytical Department",
		Languages: []string{"ka", "en", "ru"}, Email: "m.chkheidze@fms-ge.demo.example.org", Phone: "+995 32 555 0117",
	},
	{
		Key: "p077", Agency: "ge-fms", Unit: "Analytical Department",
		GivenName: "Beka", FamilyName: "Dolidze", GivenNameNative: "ბექა", FamilyNameNative: "დოლიძე",
		Sex: "male", Position: "Financial Analyst",
		Languages: []string{"ka", "en", "ru"}, Email: "b.dolidze@fms-ge.demo.example.org", Phone: "+995 32 555 0118",
	},
	{
		Key: "p078", Agency: "ge-fms", Unit: "International Relations Division",
		GivenName: "Khatia", FamilyName: "Shengelia", GivenNameNative: "ხატია", FamilyNameNative: "შენგელია",
		Sex: "female", Position: "Chief Specialist, International Relations",
		Languages: []string{"ka", "en", "de"}, Email: "k.shengelia@fms-ge.demo.example.org", Phone: "+995 32 555 0119",
	},
	// Anti-Corruption Bureau of Georgia (ge-acb)
	{
		Key: "p079", Agency: "ge-acb", Unit: "Asset Declaration Monitoring Department",
		GivenName: "Otar", FamilyName: "Gabunia", GivenNameNative: "ოთარ", FamilyNameNative: "გაბუნია",
		Sex: "male", Position: "Head of Asset Declaration Monitoring Department",
		Languages: []string{"ka", "en", "ru"}, Email: "o.gabunia@acb-ge.demo.example.org", Phone: "+995 32 555 0120",
	},
	{
		Key: "p080", Agency: "ge-acb", Unit: "International Relations Division",
		GivenName: "Tea", FamilyName: "Kavtaradze", GivenNameNative: "თეა", FamilyNameNative: "ქავთარაძე",
		Sex: "female", Position: "Senior Specialist, International Relations",
		Languages: []string{"ka", "en", "ru"}, Email: "t.kavtaradze@acb-ge.demo.example.org", Phone: "+995 32 555 0121",
	},
	// Academy of the Ministry of Internal Affairs of Georgia (ge-academy)
	{
		Key: "p081", Agency: "ge-academy", Unit: "Department of Investigative Training",
		GivenName: "Tamaz", FamilyName: "Tabatadze", GivenNameNative: "თამაზ", FamilyNameNative: "ტაბატაძე",
		Sex: "male", Position: "Trainer, Criminal Investigation",
		Languages: []string{"ka", "en", "de"}, Email: "t.tabatadze@academy-ge.demo.example.org", Phone: "+995 32 555 0122",
	},
	{
		Key: "p082", Agency: "ge-academy", Unit: "Department of Professional Development Programmes",
		GivenName: "Lela", FamilyName: "Nadiradze", GivenNameNative: "ლელა", FamilyNameNative: "ნადირაძე",
		Sex: "female", Position: "Senior Trainer, Cybercrime and Digital Evidence",
		Languages: []string{"ka", "en", "ru"}, Email: "l.nadiradze@academy-ge.demo.example.org", Phone: "+995 32 555 0123",
	},
	{
		Key: "p083", Agency: "ge-academy", Unit: "International Relations Unit",
		GivenName: "Shota", FamilyName: "Bolkvadze", GivenNameNative: "შოთა", FamilyNameNative: "ბოლქვაძე",
		Sex: "male", Position: "Head of International Relations Unit",
		Languages: []string{"ka", "en", "ru"}, Email: "s.bolkvadze@academy-ge.demo.example.org", Phone: "+995 32 555 0124",
	},
	// Investigation Service of the Ministry of Finance of Georgia (ge-ismf)
	{
		Key: "p084", Agency: "ge-ismf", Unit: "Investigation Department",
		GivenName: "Vakhtang", FamilyName: "Tsertsvadze", GivenNameNative: "ვახტანგ", FamilyNameNative: "ცერცვაძე",
		Sex: "male", Position: "Senior Investigator, Financial Crime",
		Languages: []string{"ka", "en", "de"}, Email: "v.tsertsvadze@ismf-ge.demo.example.org", Phone: "+995 32 555 0125",
	},
	{
		Key: "p085", Agency: "ge-ismf", Unit: "Analytical Department",
		GivenName: "Sopho", FamilyName: "Japaridze", GivenNameNative: "სოფო", FamilyNameNative: "ჯაფარიძე",
		Sex: "female", Position: "Analyst",
		Languages: []string{"ka", "en", "ru"}, Email: "s.japaridze@ismf-ge.demo.example.org", Phone: "+995 32 555 0126",
	},
	{
		Key: "p086", Agency: "ge-ismf", Unit: "Investigation Department",
		GivenName: "Archil", FamilyName: "Mchedlishvili", GivenNameNative: "არჩილ", FamilyNameNative: "მჭედლიშვილი",
		Sex: "male", Position: "Investigator, Excise and Smuggling Cases",
		Languages: []string{"ka", "en", "ru"}, Email: "a.mchedlishvili@ismf-ge.demo.example.org", Phone: "+995 32 555 0127",
	},
	// Police of the Republic of Armenia (am-police)
	{
		Key: "p087", Agency: "am-police", Unit: "",
		GivenName: "Aram", FamilyName: "Hakobyan", GivenNameNative: "Արամ", FamilyNameNative: "Հակոբյան",
		Sex: "male", Position: "Deputy Chief of Police",
		Languages: []string{"hy", "ru", "en"}, Email: "a.hakobyan@police-am.demo.example.org", Phone: "+374 10 555 100",
	},
	{
		Key: "p088", Agency: "am-police", Unit: "International Cooperation Department",
		GivenName: "Armen", FamilyName: "Petrosyan", GivenNameNative: "Արմեն", FamilyNameNative: "Պետրոսյան",
		Sex: "male", Position: "Head of International Cooperation Department",
		Languages: []string{"hy", "ru", "en"}, Email: "a.petrosyan@police-am.demo.example.org", Phone: "+374 10 555 101",
	},
	{
		Key: "p089", Agency: "am-police", Unit: "International Cooperation Department",
		GivenName: "Anna", FamilyName: "Sargsyan", GivenNameNative: "Աննա", FamilyNameNative: "Սարգսյան",
		Sex: "female", Position: "Duty Officer, Interpol NCB Yerevan (24/7)",
		Languages: []string{"hy", "ru", "en"}, Email: "a.sargsyan@police-am.demo.example.org", Phone: "+374 10 555 102",
	},
	{
		Key: "p090", Agency: "am-police", Unit: "Main Department for Combating Organised Crime",
		GivenName: "Tigran", FamilyName: "Grigoryan", GivenNameNative: "Տիգրան", FamilyNameNative: "Գրիգորյան",
		Sex: "male", Position: "Senior Operative Officer, Organised Crime",
		Languages: []string{"hy", "ru", "en", "fr"}, Email: "t.grigoryan@police-am.demo.example.org", Phone: "+374 10 555 103",
	},
	{
		Key: "p091", Agency: "am-police", Unit: "Department for Combating High-Tech Crime",
		GivenName: "Lilit", FamilyName: "Harutyunyan", GivenNameNative: "Լիլիթ", FamilyNameNative: "Հարությունյան",
		Sex: "female", Position: "Inspector, High-Tech Crime",
		Languages: []string{"hy", "ru", "en"}, Email: "l.harutyunyan@police-am.demo.example.org", Phone: "+374 10 555 104",
	},
	{
		Key: "p092", Agency: "am-police", Unit: "Department for Combating Drug Trafficking",
		GivenName: "Davit", FamilyName: "Avetisyan", GivenNameNative: "Դավիթ", FamilyNameNative: "Ավետիսյան",
		Sex: "male", Position: "Head of Division, Drug Trafficking",
		Languages: []string{"hy", "ru", "en"}, Email: "d.avetisyan@police-am.demo.example.org", Phone: "+374 10 555 105",
	},
	{
		Key: "p093", Agency: "am-police", Unit: "Information and Analytical Centre",
		GivenName: "Mariam", FamilyName: "Mkrtchyan", GivenNameNative: "Մարիամ", FamilyNameNative: "Մկրտչյան",
		Sex: "female", Position: "Senior Analyst",
		Languages: []string{"hy", "ru", "en"}, Email: "m.mkrtchyan@police-am.demo.example.org", Phone: "+374 10 555 106",
	},
	// Investigative Committee of the Republic of Armenia (am-ic)
	{
		Key: "p094", Agency: "am-ic", Unit: "",
		GivenName: "Ani", FamilyName: "Hovhannisyan", GivenNameNative: "Անի", FamilyNameNative: "Հովհաննիսյան",
		Sex: "female", Position: "Deputy Chairman of the Investigative Committee",
		Languages: []string{"hy", "ru", "en"}, Email: "a.hovhannisyan@ic-am.demo.example.org", Phone: "+374 10 555 107",
	},
	{
		Key: "p095", Agency: "am-ic", Unit: "Main Department for Investigation of Particularly Important Cases",
		GivenName: "Gor", FamilyName: "Gevorgyan", GivenNameNative: "Գոռ", FamilyNameNative: "Գևորգյան",
		Sex: "male", Position: "Senior Investigator, Particularly Important Cases",
		Languages: []string{"hy", "ru", "en", "fr"}, Email: "g.gevorgyan@ic-am.demo.example.org", Phone: "+374 10 555 108",
	},
	{
		Key: "p096", Agency: "am-ic", Unit: "Department for Investigation of Cybercrime",
		GivenName: "Nare", FamilyName: "Khachatryan", GivenNameNative: "Նարե", FamilyNameNative: "Խաչատրյան",
		Sex: "female", Position: "Investigator, Cybercrime",
		Languages: []string{"hy", "ru", "en"}, Email: "n.khachatryan@ic-am.demo.example.org", Phone: "+374 10 555 109",
	},
	{
		Key: "p097", Agency: "am-ic", Unit: "International Legal Cooperation Department",
		GivenName: "Hayk", FamilyName: "Vardanyan", GivenNameNative: "Հայկ", FamilyNameNative: "Վարդանյան",
		Sex: "male", Position: "Head of International Legal Cooperation Department",
		Languages: []string{"hy", "ru", "en"}, Email: "h.vardanyan@ic-am.demo.example.org", Phone: "+374 10 555 110",
	},
	// State Revenue Committee of the Republic of Armenia (am-src)
	{
		Key: "p098", Agency: "am-src", Unit: "Customs Control Department",
		GivenName: "Narek", FamilyName: "Stepanyan", GivenNameNative: "Նարեկ", FamilyNameNative: "Ստեփանյան",
		Sex: "male", Position: "Head of Customs Control Division",
		Languages: []string{"hy", "ru", "en"}, Email: "n.stepanyan@src-am.demo.example.org", Phone: "+374 10 555 111",
	},
	{
		Key: "p099", Agency: "am-src", Unit: "Investigation Department",
		GivenName: "Gayane", FamilyName: "Ghazaryan", GivenNameNative: "Գայանե", FamilyNameNative: "Ղազարյան",
		Sex: "female", Position: "Senior Investigator, Tax and Customs Crimes",
		Languages: []string{"hy", "ru", "en"}, Email: "g.ghazaryan@src-am.demo.example.org", Phone: "+374 10 555 112",
	},
	{
		Key: "p100", Agency: "am-src", Unit: "Risk Management Department",
		GivenName: "Armine", FamilyName: "Margaryan", GivenNameNative: "Արմինե", FamilyNameNative: "Մարգարյան",
		Sex: "female", Position: "Risk Management Specialist",
		Languages: []string{"hy", "ru", "en", "fr"}, Email: "a.margaryan@src-am.demo.example.org", Phone: "+374 10 555 113",
	},
	{
		Key: "p101", Agency: "am-src", Unit: "International Cooperation Department",
		GivenName: "Vahe", FamilyName: "Abrahamyan", GivenNameNative: "Վահե", FamilyNameNative: "Աբրահամյան",
		Sex: "male", Position: "Chief Specialist, International Cooperation",
		Languages: []string{"hy", "ru", "en"}, Email: "v.abrahamyan@src-am.demo.example.org", Phone: "+374 10 555 114",
	},
	// Prosecutor's Office of the Republic of Armenia (am-po)
	{
		Key: "p102", Agency: "am-po", Unit: "",
		GivenName: "Artur", FamilyName: "Baghdasaryan", GivenNameNative: "Արթուր", FamilyNameNative: "Բաղդասարյան",
		Sex: "male", Position: "Deputy Prosecutor General",
		Languages: []string{"hy", "ru", "en"}, Email: "a.baghdasaryan@prosecutor-am.demo.example.org", Phone: "+374 10 555 115",
	},
	{
		Key: "p103", Agency: "am-po", Unit: "International Legal Cooperation Department",
		GivenName: "Lusine", FamilyName: "Manukyan", GivenNameNative: "Լուսինե", FamilyNameNative: "Մանուկյան",
		Sex: "female", Position: "Prosecutor, International Legal Cooperation",
		Languages: []string{"hy", "ru", "en"}, Email: "l.manukyan@prosecutor-am.demo.example.org", Phone: "+374 10 555 116",
	},
	{
		Key: "p104", Agency: "am-po", Unit: "Department for Combating Organised Crime",
		GivenName: "Karen", FamilyName: "Poghosyan", GivenNameNative: "Կարեն", FamilyNameNative: "Պողոսյան",
		Sex: "male", Position: "Senior Prosecutor, Organised Crime",
		Languages: []string{"hy", "ru", "en"}, Email: "k.poghosyan@prosecutor-am.demo.example.org", Phone: "+374 10 555 117",
	},
	{
		Key: "p105", Agency: "am-po", Unit: "Department for Confiscation of Illegal Assets",
		GivenName: "Syuzanna", FamilyName: "Melkonyan", GivenNameNative: "Սյուզաննա", FamilyNameNative: "Մելքոնյան",
		Sex: "female", Position: "Prosecutor, Illegal Asset Confiscation",
		Languages: []string{"hy", "ru", "en", "fr"}, Email: "s.melkonyan@prosecutor-am.demo.example.org", Phone: "+374 10 555 118",
	},
	// Financial Monitoring Center of the Central Bank of Armenia (am-fmc)
	{
		Key: "p106", Agency: "am-fmc", Unit: "Analysis Division",
		GivenName: "Astghik", FamilyName: "Davtyan", GivenNameNative: "Աստղիկ", FamilyNameNative: "Դավթյան",
		Sex: "female", Position: "Head of Analysis Division",
		Languages: []string{"hy", "ru", "en"}, Email: "a.davtyan@fmc-am.demo.example.org", Phone: "+374 10 555 119",
	},
	{
		Key: "p107", Agency: "am-fmc", Unit: "Analysis Division",
		GivenName: "Levon", FamilyName: "Simonyan", GivenNameNative: "Լևոն", FamilyNameNative: "Սիմոնյան",
		Sex: "male", Position: "Financial Analyst",
		Languages: []string{"hy", "ru", "en"}, Email: "l.simonyan@fmc-am.demo.example.org", Phone: "+374 10 555 120",
	},
	{
		Key: "p108", Agency: "am-fmc", Unit: "International Cooperation Division",
		GivenName: "Tatevik", FamilyName: "Martirosyan", GivenNameNative: "Տաթևիկ", FamilyNameNative: "Մարտիրոսյան",
		Sex: "female", Position: "Specialist, International Cooperation",
		Languages: []string{"hy", "ru", "en"}, Email: "t.martirosyan@fmc-am.demo.example.org", Phone: "+374 10 555 121",
	},
	// Anti-Corruption Committee of the Republic of Armenia (am-acc)
	{
		Key: "p109", Agency: "am-acc", Unit: "Investigation Department",
		GivenName: "Arsen", FamilyName: "Avagyan", GivenNameNative: "Արսեն", FamilyNameNative: "Ավագյան",
		Sex: "male", Position: "Senior Investigator",
		Languages: []string{"hy", "ru", "en"}, Email: "a.avagyan@acc-am.demo.example.org", Phone: "+374 10 555 122",
	},
	{
		Key: "p110", Agency: "am-acc", Unit: "Department of Financial Investigations",
		GivenName: "Narine", FamilyName: "Tadevosyan", GivenNameNative: "Նարինե", FamilyNameNative: "Թադևոսյան",
		Sex: "female", Position: "Financial Investigator",
		Languages: []string{"hy", "ru", "en", "fr"}, Email: "n.tadevosyan@acc-am.demo.example.org", Phone: "+374 10 555 123",
	},
	// Police Educational Complex of the Ministry of Internal Affairs (am-pec)
	{
		Key: "p111", Agency: "am-pec", Unit: "Department of Professional Development",
		GivenName: "Hovhannes", FamilyName: "Sahakyan", GivenNameNative: "Հովհաննես", FamilyNameNative: "Սահակյան",
		Sex: "male", Position: "Senior Trainer",
		Languages: []string{"hy", "ru", "en"}, Email: "h.sahakyan@pec-am.demo.example.org", Phone: "+374 10 555 124",
	},
	{
		Key: "p112", Agency: "am-pec", Unit: "Department of Criminal Law and Forensics",
		GivenName: "Hasmik", FamilyName: "Galstyan", GivenNameNative: "Հասմիկ", FamilyNameNative: "Գալստյան",
		Sex: "female", Position: "Associate Professor, Forensics",
		Languages: []string{"hy", "ru", "en"}, Email: "h.galstyan@pec-am.demo.example.org", Phone: "+374 10 555 125",
	},
	{
		Key: "p113", Agency: "am-pec", Unit: "International Cooperation Unit",
		GivenName: "Sona", FamilyName: "Asatryan", GivenNameNative: "Սոնա", FamilyNameNative: "Ասատրյան",
		Sex: "female", Position: "Head of International Cooperation Unit",
		Languages: []string{"hy", "ru", "en"}, Email: "s.asatryan@pec-am.demo.example.org", Phone: "+374 10 555 126",
	},
	// Ministry of Internal Affairs of the Republic of Azerbaijan (az-mia)
	{
		Key: "p114", Agency: "az-mia", Unit: "Main Department for Combating Organised Crime",
		GivenName: "Elvin", FamilyName: "Həsənov", GivenNameNative: "Elvin", FamilyNameNative: "Həsənov",
		Sex: "male", Position: "Deputy Head, Main Department for Combating Organised Crime",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "e.hasanov@mia-az.demo.example.org", Phone: "+994 12 555 0100",
	},
	{
		Key: "p115", Agency: "az-mia", Unit: "International Cooperation Department",
		GivenName: "Rəşad", FamilyName: "Məmmədov", GivenNameNative: "Rəşad", FamilyNameNative: "Məmmədov",
		Sex: "male", Position: "Head of International Cooperation Division",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "r.mammadov@mia-az.demo.example.org", Phone: "+994 12 555 0101",
	},
	{
		Key: "p116", Agency: "az-mia", Unit: "Interpol National Central Bureau",
		GivenName: "Aygün", FamilyName: "Hüseynova", GivenNameNative: "Aygün", FamilyNameNative: "Hüseynova",
		Sex: "female", Position: "Duty Officer, Interpol NCB Baku (24/7)",
		Languages: []string{"az", "ru", "en"}, Email: "a.huseynova@mia-az.demo.example.org", Phone: "+994 12 555 0102",
	},
	{
		Key: "p117", Agency: "az-mia", Unit: "Main Department for Combating Organised Crime",
		GivenName: "Tural", FamilyName: "Quliyev", GivenNameNative: "Tural", FamilyNameNative: "Quliyev",
		Sex: "male", Position: "Senior Operative Officer",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "t.quliyev@mia-az.demo.example.org", Phone: "+994 12 555 0103",
	},
	{
		Key: "p118", Agency: "az-mia", Unit: "Main Drug Control Department",
		GivenName: "Leyla", FamilyName: "İsmayılova", GivenNameNative: "Leyla", FamilyNameNative: "İsmayılova",
		Sex: "female", Position: "Senior Inspector, Drug Control",
		Languages: []string{"az", "ru", "en"}, Email: "l.ismayilova@mia-az.demo.example.org", Phone: "+994 12 555 0104",
	},
	{
		Key: "p119", Agency: "az-mia", Unit: "Department for Combating Trafficking in Human Beings",
		GivenName: "Günel", FamilyName: "Abbasova", GivenNameNative: "Günel", FamilyNameNative: "Abbasova",
		Sex: "female", Position: "Head of Division, Trafficking in Human Beings",
		Languages: []string{"az", "ru", "en"}, Email: "g.abbasova@mia-az.demo.example.org", Phone: "+994 12 555 0105",
	},
	{
		Key: "p120", Agency: "az-mia", Unit: "International Cooperation Department",
		GivenName: "Yelena", FamilyName: "Sokolova", GivenNameNative: "Елена", FamilyNameNative: "Соколова",
		Sex: "female", Position: "Senior Inspector, International Cooperation",
		Languages: []string{"ru", "az", "en"}, Email: "y.sokolova@mia-az.demo.example.org", Phone: "+994 12 555 0106",
	},
	// State Border Service of the Republic of Azerbaijan (az-sbs)
	{
		Key: "p121", Agency: "az-sbs", Unit: "",
		GivenName: "Orxan", FamilyName: "Rzayev", GivenNameNative: "Orxan", FamilyNameNative: "Rzayev",
		Sex: "male", Position: "Deputy Chief of the State Border Service",
		Languages: []string{"az", "ru", "en"}, Email: "o.rzayev@dsx.demo.example.org", Phone: "+994 12 555 0107",
	},
	{
		Key: "p122", Agency: "az-sbs", Unit: "International Cooperation Department",
		GivenName: "Nərmin", FamilyName: "Cəfərova", GivenNameNative: "Nərmin", FamilyNameNative: "Cəfərova",
		Sex: "female", Position: "Senior Officer, International Cooperation (24/7 desk)",
		Languages: []string{"az", "ru", "en"}, Email: "n.cafarova@dsx.demo.example.org", Phone: "+994 12 555 0108",
	},
	{
		Key: "p123", Agency: "az-sbs", Unit: "Intelligence and Risk Analysis Department",
		GivenName: "Kamran", FamilyName: "Kərimov", GivenNameNative: "Kamran", FamilyNameNative: "Kərimov",
		Sex: "male", Position: "Risk Analyst",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "k.karimov@dsx.demo.example.org", Phone: "+994 12 555 0109",
	},
	{
		Key: "p124", Agency: "az-sbs", Unit: "Border Control Department",
		GivenName: "Sevinc", FamilyName: "Nəsirova", GivenNameNative: "Sevinc", FamilyNameNative: "Nəsirova",
		Sex: "female", Position: "Senior Border Control Officer, Document Fraud",
		Languages: []string{"az", "ru", "en"}, Email: "s.nasirova@dsx.demo.example.org", Phone: "+994 12 555 0110",
	},
	// State Customs Committee of the Republic of Azerbaijan (az-scc)
	{
		Key: "p125", Agency: "az-scc", Unit: "",
		GivenName: "Fərid", FamilyName: "Babayev", GivenNameNative: "Fərid", FamilyNameNative: "Babayev",
		Sex: "male", Position: "Deputy Chairman of the State Customs Committee",
		Languages: []string{"az", "ru", "en"}, Email: "f.babayev@customs-az.demo.example.org", Phone: "+994 12 555 0111",
	},
	{
		Key: "p126", Agency: "az-scc", Unit: "Main Department for Combating Smuggling",
		GivenName: "Anar", FamilyName: "Orucov", GivenNameNative: "Anar", FamilyNameNative: "Orucov",
		Sex: "male", Position: "Head of Division, Drug Smuggling",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "a.orucov@customs-az.demo.example.org", Phone: "+994 12 555 0112",
	},
	{
		Key: "p127", Agency: "az-scc", Unit: "Risk Management Department",
		GivenName: "Lalə", FamilyName: "Salmanova", GivenNameNative: "Lalə", FamilyNameNative: "Salmanova",
		Sex: "female", Position: "Risk Analyst",
		Languages: []string{"az", "ru", "en"}, Email: "l.salmanova@customs-az.demo.example.org", Phone: "+994 12 555 0113",
	},
	{
		Key: "p128", Agency: "az-scc", Unit: "International Relations Department",
		GivenName: "Aytən", FamilyName: "Mustafayeva", GivenNameNative: "Aytən", FamilyNameNative: "Mustafayeva",
		Sex: "female", Position: "Chief Specialist, International Relations",
		Languages: []string{"az", "ru", "en"}, Email: "a.mustafayeva@customs-az.demo.example.org", Phone: "+994 12 555 0114",
	},
	// Prosecutor General's Office of the Republic of Azerbaijan (az-pgo)
	{
		Key: "p129", Agency: "az-pgo", Unit: "International Relations Department",
		GivenName: "Könül", FamilyName: "Vəliyeva", GivenNameNative: "Könül", FamilyNameNative: "Vəliyeva",
		Sex: "female", Position: "Senior Prosecutor, International Legal Assistance",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "k.valiyeva@pgo-az.demo.example.org", Phone: "+994 12 555 0115",
	},
	{
		Key: "p130", Agency: "az-pgo", Unit: "Department for Organised Crime Cases",
		GivenName: "Vüsal", FamilyName: "Səfərov", GivenNameNative: "Vüsal", FamilyNameNative: "Səfərov",
		Sex: "male", Position: "Prosecutor, Organised Crime",
		Languages: []string{"az", "ru", "en"}, Email: "v.safarov@pgo-az.demo.example.org", Phone: "+994 12 555 0116",
	},
	{
		Key: "p131", Agency: "az-pgo", Unit: "Department for Cybercrime Cases",
		GivenName: "Nigar", FamilyName: "Qasımova", GivenNameNative: "Nigar", FamilyNameNative: "Qasımova",
		Sex: "female", Position: "Prosecutor, Cybercrime",
		Languages: []string{"az", "ru", "en"}, Email: "n.qasimova@pgo-az.demo.example.org", Phone: "+994 12 555 0117",
	},
	{
		Key: "p132", Agency: "az-pgo", Unit: "Department for Organised Crime Cases",
		GivenName: "Ramin", FamilyName: "Əhmədov", GivenNameNative: "Ramin", FamilyNameNative: "Əhmədov",
		Sex: "male", Position: "Senior Prosecutor",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "r.ahmadov@pgo-az.demo.example.org", Phone: "+994 12 555 0118",
	},
	// Financial Monitoring Service of the Republic of Azerbaijan (az-fms)
	{
		Key: "p133", Agency: "az-fms", Unit: "Analysis Department",
		GivenName: "Səbinə", FamilyName: "Bağırova", GivenNameNative: "Səbinə", FamilyNameNative: "Bağırova",
		Sex: "female", Position: "Head of Analysis Department",
		Languages: []string{"az", "ru", "en"}, Email: "s.bagirova@fms-az.demo.example.org", Phone: "+994 12 555 0119",
	},
	{
		Key: "p134", Agency: "az-fms", Unit: "Analysis Department",
		GivenName: "Səbuhi", FamilyName: "Zeynalov", GivenNameNative: "Səbuhi", FamilyNameNative: "Zeynalov",
		Sex: "male", Position: "Financial Analyst",
		Languages: []string{"az", "ru", "en"}, Email: "s.zeynalov@fms-az.demo.example.org", Phone: "+994 12 555 0120",
	},
	{
		Key: "p135", Agency: "az-fms", Unit: "International Cooperation Department",
		GivenName: "Ülviyyə", FamilyName: "Novruzova", GivenNameNative: "Ülviyyə", FamilyNameNative: "Novruzova",
		Sex: "female", Position: "Specialist, International Cooperation",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "u.novruzova@fms-az.demo.example.org", Phone: "+994 12 555 0121",
	},
	// Anti-Corruption Directorate under the Prosecutor General of the Republic of Azerbaijan (az-acd)
	{
		Key: "p136", Agency: "az-acd", Unit: "Investigation Department",
		GivenName: "Nicat", FamilyName: "Əsgərov", GivenNameNative: "Nicat", FamilyNameNative: "Əsgərov",
		Sex: "male", Position: "Senior Investigator",
		Languages: []string{"az", "ru", "en"}, Email: "n.asgarov@acd-az.demo.example.org", Phone: "+994 12 555 0122",
	},
	{
		Key: "p137", Agency: "az-acd", Unit: "International Relations Division",
		GivenName: "Aynur", FamilyName: "Hacıyeva", GivenNameNative: "Aynur", FamilyNameNative: "Hacıyeva",
		Sex: "female", Position: "Prosecutor, International Relations Division",
		Languages: []string{"az", "ru", "en"}, Email: "a.haciyeva@acd-az.demo.example.org", Phone: "+994 12 555 0123",
	},
	// Police Academy of the Ministry of Internal Affairs of the Republic of Azerbaijan (az-pa)
	{
		Key: "p138", Agency: "az-pa", Unit: "Department of Criminalistics",
		GivenName: "Cavid", FamilyName: "Nağıyev", GivenNameNative: "Cavid", FamilyNameNative: "Nağıyev",
		Sex: "male", Position: "Associate Professor, Criminalistics",
		Languages: []string{"az", "ru", "en", "tr"}, Email: "c.nagiyev@academy-az.demo.example.org", Phone: "+994 12 555 0124",
	},
	{
		Key: "p139", Agency: "az-pa", Unit: "Department of Operational-Search Activity",
		GivenName: "Fidan", FamilyName: "Sadıqova", GivenNameNative: "Fidan", FamilyNameNative: "Sadıqova",
		Sex: "female", Position: "Senior Lecturer",
		Languages: []string{"az", "ru", "en"}, Email: "f.sadiqova@academy-az.demo.example.org", Phone: "+994 12 555 0125",
	},
	{
		Key: "p140", Agency: "az-pa", Unit: "International Relations Department",
		GivenName: "Emin", FamilyName: "İbrahimov", GivenNameNative: "Emin", FamilyNameNative: "İbrahimov",
		Sex: "male", Position: "Head of International Relations Department",
		Languages: []string{"az", "ru", "en"}, Email: "e.ibrahimov@academy-az.demo.example.org", Phone: "+994 12 555 0126",
	},
	// European Union Agency for Law Enforcement Training (eu-cepol)
	{
		Key: "p141", Agency: "eu-cepol", Unit: "Operations Department",
		GivenName: "Annelies", FamilyName: "Vermeulen", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Head of Operations Department",
		Languages: []string{"nl", "en", "fr"}, Email: "a.vermeulen@cepol.demo.example.org", Phone: "+36 1 555 0100",
	},
	{
		Key: "p142", Agency: "eu-cepol", Unit: "TOPCOP II Project Team",
		GivenName: "Tomasz", FamilyName: "Zieliński", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "TOPCOP II Project Manager",
		Languages: []string{"pl", "en", "ru"}, Email: "t.zielinski@cepol.demo.example.org", Phone: "+36 1 555 0101",
	},
	{
		Key: "p143", Agency: "eu-cepol", Unit: "TOPCOP II Project Team",
		GivenName: "Ioana", FamilyName: "Dumitrescu", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Project Officer, Training Activities",
		Languages: []string{"ro", "en", "fr"}, Email: "i.dumitrescu@cepol.demo.example.org", Phone: "+36 1 555 0102",
	},
	{
		Key: "p144", Agency: "eu-cepol", Unit: "Capacity Building Unit",
		GivenName: "Markus", FamilyName: "Lehtonen", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Training Coordinator, Eastern Partnership",
		Languages: []string{"fi", "en", "sv", "ru"}, Email: "m.lehtonen@cepol.demo.example.org", Phone: "+36 1 555 0103",
	},
	{
		Key: "p145", Agency: "eu-cepol", Unit: "Digital Learning Unit",
		GivenName: "Zsófia", FamilyName: "Horváth", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "E-Learning Specialist",
		Languages: []string{"hu", "en", "de"}, Email: "z.horvath@cepol.demo.example.org", Phone: "+36 1 555 0104",
	},
	{
		Key: "p146", Agency: "eu-cepol", Unit: "TOPCOP II Project Team",
		GivenName: "Giulia", FamilyName: "Ferraro", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Project Assistant",
		Languages: []string{"it", "en", "es"}, Email: "g.ferraro@cepol.demo.example.org", Phone: "+36 1 555 0105",
	},
	// European Union Agency for Law Enforcement Cooperation (eu-europol)
	{
		Key: "p147", Agency: "eu-europol", Unit: "Analysis and Strategic Coordination (EMPACT Support)",
		GivenName: "Javier", FamilyName: "Morales Ruiz", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Senior Specialist, EMPACT Support",
		Languages: []string{"es", "en", "fr"}, Email: "j.moralesruiz@europol.demo.example.org", Phone: "+31 70 555 0100",
	},
	{
		Key: "p148", Agency: "eu-europol", Unit: "European Serious and Organised Crime Centre (ESOCC)",
		GivenName: "Katrin", FamilyName: "Vogel", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Deputy Head of Department, Operations",
		Languages: []string{"de", "en", "fr"}, Email: "k.vogel@europol.demo.example.org", Phone: "+31 70 555 0101",
	},
	{
		Key: "p149", Agency: "eu-europol", Unit: "European Cybercrime Centre (EC3)",
		GivenName: "Pieter", FamilyName: "de Groot", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Specialist, Cyber Intelligence",
		Languages: []string{"nl", "en", "de"}, Email: "p.degroot@europol.demo.example.org", Phone: "+31 70 555 0102",
	},
	{
		Key: "p150", Agency: "eu-europol", Unit: "European Financial and Economic Crime Centre (EFECC)",
		GivenName: "Sofia", FamilyName: "Lindqvist", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Senior Analyst, Financial Intelligence",
		Languages: []string{"sv", "en", "de"}, Email: "s.lindqvist@europol.demo.example.org", Phone: "+31 70 555 0103",
	},
	// European Border and Coast Guard Agency (eu-frontex)
	{
		Key: "p151", Agency: "eu-frontex", Unit: "Training Unit",
		GivenName: "Aleksandra", FamilyName: "Kowalczyk", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Training Officer",
		Languages: []string{"pl", "en", "uk"}, Email: "a.kowalczyk@frontex.demo.example.org", Phone: "+48 22 555 0100",
	},
	{
		Key: "p152", Agency: "eu-frontex", Unit: "International and European Cooperation Division",
		GivenName: "Mihkel", FamilyName: "Tamm", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Liaison Officer for the Eastern Partnership",
		Languages: []string{"et", "en", "ru"}, Email: "m.tamm@frontex.demo.example.org", Phone: "+48 22 555 0101",
	},
	// European Union Agency for Criminal Justice Cooperation (eu-eurojust)
	{
		Key: "p153", Agency: "eu-eurojust", Unit: "Operations Department",
		GivenName: "Eleni", FamilyName: "Papadopoulou", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Seconded National Expert, Operations",
		Languages: []string{"el", "en", "fr"}, Email: "e.papadopoulou@eurojust.demo.example.org", Phone: "+31 70 555 0104",
	},
	{
		Key: "p154", Agency: "eu-eurojust", Unit: "Legal Affairs Unit",
		GivenName: "Tiago", FamilyName: "Almeida", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Legal Officer",
		Languages: []string{"pt", "en", "es"}, Email: "t.almeida@eurojust.demo.example.org", Phone: "+31 70 555 0105",
	},
	// European External Action Service (eu-eeas)
	{
		Key: "p155", Agency: "eu-eeas", Unit: "Eastern Partnership, Regional Cooperation and OSCE Division",
		GivenName: "Jean-Luc", FamilyName: "Marchand", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Policy Officer, Eastern Partnership",
		Languages: []string{"fr", "en", "de"}, Email: "j.marchand@eeas.demo.example.org", Phone: "+32 2 555 0100",
	},
	// European Commission – Directorate-General for Enlargement and Eastern Neighbourhood (eu-ec-enest)
	{
		Key: "p156", Agency: "eu-ec-enest", Unit: "Rule of Law, Justice and Home Affairs Unit",
		GivenName: "Ingrid", FamilyName: "Sørensen", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Programme Manager, Justice and Home Affairs",
		Languages: []string{"da", "en", "fr"}, Email: "i.sorensen@ec.demo.example.org", Phone: "+32 2 555 0101",
	},
	// EU Advisory Mission Ukraine (eu-euam)
	{
		Key: "p157", Agency: "eu-euam", Unit: "Criminal Investigations and Organised Crime Team",
		GivenName: "Rasa", FamilyName: "Petrauskienė", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Senior Adviser on Organised Crime",
		Languages: []string{"lt", "en", "ru"}, Email: "r.petrauskiene@euam.demo.example.org", Phone: "+380 44 555 0130",
	},
	{
		Key: "p158", Agency: "eu-euam", Unit: "Criminal Investigations and Organised Crime Team",
		GivenName: "Martin", FamilyName: "Novák", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Adviser on Criminal Investigations",
		Languages: []string{"cs", "en", "uk"}, Email: "m.novak@euam.demo.example.org", Phone: "+380 44 555 0131",
	},
	// EU Monitoring Mission in Georgia (eu-eumm)
	{
		Key: "p159", Agency: "eu-eumm", Unit: "Field Office Mtskheta",
		GivenName: "Andrzej", FamilyName: "Wróbel", GivenNameNative: "", FamilyNameNative: "",
		Sex: "male", Position: "Monitor, Human Security Team",
		Languages: []string{"pl", "en", "ru"}, Email: "a.wrobel@eumm.demo.example.org", Phone: "+995 32 555 0128",
	},
	// European Union Border Assistance Mission to Moldova and Ukraine (eu-eubam)
	{
		Key: "p160", Agency: "eu-eubam", Unit: "Cross-Border Crime Unit",
		GivenName: "Gunta", FamilyName: "Ozola", GivenNameNative: "", FamilyNameNative: "",
		Sex: "female", Position: "Senior Border and Customs Expert",
		Languages: []string{"lv", "en", "ru"}, Email: "g.ozola@eubam.demo.example.org", Phone: "+380 48 555 0100",
	},
	// Polish Police – National Police Headquarters (pl-kgp)
	{
		Key: "p161", Agency: "pl-kgp", Unit: "International Police Cooperation Bureau",
		GivenName: "Magdalena", FamilyName: "Wiśniewska", GivenNameNative: "Magdalena", FamilyNameNative: "Wiśniewska",
		Sex: "female", Position: "Senior Specialist, International Police Cooperation",
		Languages: []string{"pl", "en", "uk"}, Email: "m.wisniewska@policja-pl.demo.example.org", Phone: "+48 22 555 0102",
	},
	{
		Key: "p162", Agency: "pl-kgp", Unit: "Drug Crime Department",
		GivenName: "Paweł", FamilyName: "Nowicki", GivenNameNative: "Paweł", FamilyNameNative: "Nowicki",
		Sex: "male", Position: "Police Trainer, Drug Investigations",
		Languages: []string{"pl", "en", "ru"}, Email: "p.nowicki@policja-pl.demo.example.org", Phone: "+48 22 555 0103",
	},
	// Police Department under the Ministry of the Interior of the Republic of Lithuania (lt-pd)
	{
		Key: "p163", Agency: "lt-pd", Unit: "Lithuanian Criminal Police Bureau",
		GivenName: "Tomas", FamilyName: "Kazlauskas", GivenNameNative: "Tomas", FamilyNameNative: "Kazlauskas",
		Sex: "male", Position: "Chief Investigator, National EMPACT Coordinator",
		Languages: []string{"lt", "en", "ru"}, Email: "t.kazlauskas@policija-lt.demo.example.org", Phone: "+370 5 555 0100",
	},
	{
		Key: "p164", Agency: "lt-pd", Unit: "International Liaison Office",
		GivenName: "Rūta", FamilyName: "Jankauskaitė", GivenNameNative: "Rūta", FamilyNameNative: "Jankauskaitė",
		Sex: "female", Position: "Senior Officer, International Liaison Office",
		Languages: []string{"lt", "en", "pl"}, Email: "r.jankauskaite@policija-lt.demo.example.org", Phone: "+370 5 555 0101",
	},
	// General Inspectorate of Romanian Police (ro-igpr)
	{
		Key: "p165", Agency: "ro-igpr", Unit: "Directorate for Combating Organised Crime",
		GivenName: "Andreea", FamilyName: "Popescu", GivenNameNative: "Andreea", FamilyNameNative: "Popescu",
		Sex: "female", Position: "Chief Commissioner, Police Trainer",
		Languages: []string{"ro", "en", "fr"}, Email: "a.popescu@politia-ro.demo.example.org", Phone: "+40 21 555 0100",
	},
	{
		Key: "p166", Agency: "ro-igpr", Unit: "Centre for International Police Cooperation",
		GivenName: "Cristian", FamilyName: "Stanciu", GivenNameNative: "Cristian", FamilyNameNative: "Stanciu",
		Sex: "male", Position: "Police Officer, Centre for International Police Cooperation",
		Languages: []string{"ro", "en", "it"}, Email: "c.stanciu@politia-ro.demo.example.org", Phone: "+40 21 555 0101",
	},
	{
		Key: "p167", Agency: "ro-igpr", Unit: "Directorate for Combating Organised Crime",
		GivenName: "Mihaela", FamilyName: "Constantinescu", GivenNameNative: "Mihaela", FamilyNameNative: "Constantinescu",
		Sex: "female", Position: "Financial Investigator",
		Languages: []string{"ro", "en", "fr"}, Email: "m.constantinescu@politia-ro.demo.example.org", Phone: "+40 21 555 0102",
	},
	// Federal Criminal Police Office (de-bka)
	{
		Key: "p168", Agency: "de-bka", Unit: "Cybercrime Division",
		GivenName: "Stefan", FamilyName: "Brandt", GivenNameNative: "Stefan", FamilyNameNative: "Brandt",
		Sex: "male", Position: "Detective Chief Inspector, Cybercrime",
		Languages: []string{"de", "en"}, Email: "s.brandt@bka-de.demo.example.org", Phone: "+49 611 555 0100",
	},
	{
		Key: "p169", Agency: "de-bka", Unit: "International Coordination Division",
		GivenName: "Julia", FamilyName: "Hoffmann", GivenNameNative: "Julia", FamilyNameNative: "Hoffmann",
		Sex: "female", Position: "Liaison Officer, International Coordination",
		Languages: []string{"de", "en", "ru"}, Email: "j.hoffmann@bka-de.demo.example.org", Phone: "+49 611 555 0101",
	},
	// Estonian Police and Border Guard Board (ee-ppa)
	{
		Key: "p170", Agency: "ee-ppa", Unit: "Central Criminal Police",
		GivenName: "Kadri", FamilyName: "Saar", GivenNameNative: "Kadri", FamilyNameNative: "Saar",
		Sex: "female", Position: "Chief Inspector, Trainer",
		Languages: []string{"et", "en", "ru"}, Email: "k.saar@politsei-ee.demo.example.org", Phone: "+372 6 555 100",
	},
	{
		Key: "p171", Agency: "ee-ppa", Unit: "Central Criminal Police",
		GivenName: "Andres", FamilyName: "Kask", GivenNameNative: "Andres", FamilyNameNative: "Kask",
		Sex: "male", Position: "Senior Investigator, Cybercrime Bureau",
		Languages: []string{"et", "en", "fi"}, Email: "a.kask@politsei-ee.demo.example.org", Phone: "+372 6 555 101",
	},
	// Netherlands Police (nl-politie)
	{
		Key: "p172", Agency: "nl-politie", Unit: "National Unit",
		GivenName: "Jeroen", FamilyName: "van Dijk", GivenNameNative: "Jeroen", FamilyNameNative: "van Dijk",
		Sex: "male", Position: "Senior Financial Investigator",
		Languages: []string{"nl", "en", "de"}, Email: "j.vandijk@politie-nl.demo.example.org", Phone: "+31 343 555 100",
	},
}

// DuplicateCandidates are NOT part of People: each one is another spelling (a different
// transliteration, or the Russian form of the name) of an existing person, for the
// duplicate-detection demo. Same agency, unit, position and phone number (written without
// spaces), but a different e-mail address.
var DuplicateCandidates = []Person{
	// Likely duplicate of Oleksandr Kovalenko (p002).
	{
		Key: "d01", Agency: "ua-npu", Unit: "International Police Cooperation Department",
		GivenName: "Aleksandr", FamilyName: "Kovalenko", GivenNameNative: "Александр", FamilyNameNative: "Коваленко",
		Sex: "male", Position: "Head of International Police Cooperation Department",
		Languages: []string{"ru", "uk", "en"}, Email: "aleksandr.kovalenko@mail.demo.example.org", Phone: "+380445550101",
	},
	// Likely duplicate of Natalia Ceban (p032).
	{
		Key: "d02", Agency: "md-igp", Unit: "Centre for International Police Cooperation",
		GivenName: "Natalia", FamilyName: "Cheban", GivenNameNative: "Наталья", FamilyNameNative: "Чебан",
		Sex: "female", Position: "Head of Europol and Interpol Cooperation Division",
		Languages: []string{"ru", "ro", "en"}, Email: "n.cheban@mail.demo.example.org", Phone: "+37322555101",
	},
	// Likely duplicate of Giorgi Beridze (p060).
	{
		Key: "d03", Agency: "ge-mia", Unit: "International Relations Department",
		GivenName: "Georgi", FamilyName: "Beridze", GivenNameNative: "გიორგი", FamilyNameNative: "ბერიძე",
		Sex: "male", Position: "Head of Division for Cooperation with EU Agencies",
		Languages: []string{"ka", "ru", "en"}, Email: "georgi.beridze@mail.demo.example.org", Phone: "+995325550101",
	},
	// Likely duplicate of Armen Petrosyan (p088).
	{
		Key: "d04", Agency: "am-police", Unit: "International Cooperation Department",
		GivenName: "Armen", FamilyName: "Petrosian", GivenNameNative: "Արմեն", FamilyNameNative: "Պետրոսյան",
		Sex: "male", Position: "Head of International Cooperation Department",
		Languages: []string{"hy", "en"}, Email: "armen.petrosian@mail.demo.example.org", Phone: "+37410555101",
	},
	// Likely duplicate of Rəşad Məmmədov (p115).
	{
		Key: "d05", Agency: "az-mia", Unit: "International Cooperation Department",
		GivenName: "Rashad", FamilyName: "Mamedov", GivenNameNative: "Рашад", FamilyNameNative: "Мамедов",
		Sex: "male", Position: "Head of International Cooperation Division",
		Languages: []string{"ru", "az", "en"}, Email: "r.mamedov@mail.demo.example.org", Phone: "+994125550101",
	},
}

// ContactPoints: project contact points. Exactly one "ncp" per partner country.
var ContactPoints = []ContactPoint{
	// UA
	{Person: "p002", Agency: "ua-npu", Kind: "ncp", Area: "", Available247: false},                      // Oleksandr Kovalenko
	{Person: "p003", Agency: "ua-npu", Kind: "spoc", Area: "", Available247: true},                      // Olena Oliinyk
	{Person: "p005", Agency: "ua-npu", Kind: "empact_ncoord", Area: "ONLINE", Available247: false},      // Nataliia Melnyk
	{Person: "p006", Agency: "ua-npu", Kind: "crime_data_focal", Area: "NETWORKS", Available247: false}, // Dmytro Moroz
	{Person: "p007", Agency: "ua-npu", Kind: "trainer", Area: "DRUGS", Available247: false},             // Iryna Lysenko
	{Person: "p008", Agency: "ua-npu", Kind: "crime_data_focal", Area: "DRUGS", Available247: false},    // Tetiana Rudenko
	{Person: "p010", Agency: "ua-sbgs", Kind: "spoc", Area: "", Available247: true},                     // Oksana Savchenko
	{Person: "p011", Agency: "ua-sbgs", Kind: "empact_ncoord", Area: "MS-THB", Available247: false},     // Mykola Petrenko
	{Person: "p012", Agency: "ua-sbgs", Kind: "crime_data_focal", Area: "MS-THB", Available247: false},  // Yuliia Polishchuk
	{Person: "p013", Agency: "ua-scs", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},   // Vitalii Shevchuk
	{Person: "p019", Agency: "ua-opg", Kind: "trainer", Area: "ONLINE", Available247: false},            // Anna Kuzmenko
	{Person: "p021", Agency: "ua-nabu", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},  // Halyna Ponomarenko
	{Person: "p023", Agency: "ua-sfms", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},  // Maksym Pavlenko
	{Person: "p026", Agency: "ua-naia", Kind: "trainer", Area: "NETWORKS", Available247: false},         // Ihor Sydorenko
	{Person: "p027", Agency: "ua-naia", Kind: "trainer", Area: "ONLINE", Available247: false},           // Olha Demchenko
	{Person: "p029", Agency: "ua-bes", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},   // Vasyl Kostenko
	// MD
	{Person: "p032", Agency: "md-igp", Kind: "ncp", Area: "", Available247: false},                        // Natalia Ceban
	{Person: "p033", Agency: "md-igp", Kind: "spoc", Area: "", Available247: true},                        // Andrei Ciobanu
	{Person: "p035", Agency: "md-igp", Kind: "empact_ncoord", Area: "NETWORKS", Available247: false},      // Alexandru Cojocaru
	{Person: "p036", Agency: "md-igp", Kind: "trainer", Area: "ONLINE", Available247: false},              // Mihai Popa
	{Person: "p037", Agency: "md-igp", Kind: "empact_ncoord", Area: "MS-THB", Available247: false},        // Maria Sîrbu
	{Person: "p039", Agency: "md-igpf", Kind: "spoc", Area: "", Available247: true},                       // Serghei Popov
	{Person: "p041", Agency: "md-igpf", Kind: "crime_data_focal", Area: "MS-THB", Available247: false},    // Tatiana Botnaru
	{Person: "p042", Agency: "md-customs", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false}, // Victor Moraru
	{Person: "p048", Agency: "md-cna", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},     // Nicolae Guțu
	{Person: "p050", Agency: "md-pg", Kind: "trainer", Area: "DRUGS", Available247: false},                // Vadim Bălan
	{Person: "p053", Agency: "md-spcsb", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},   // Ștefan Railean
	{Person: "p056", Agency: "md-academy", Kind: "trainer", Area: "NETWORKS", Available247: false},        // Ecaterina Onu
	{Person: "p057", Agency: "md-academy", Kind: "trainer", Area: "ECOFIN", Available247: false},          // Vitalie Chiriac
	// GE
	{Person: "p060", Agency: "ge-mia", Kind: "ncp", Area: "", Available247: false},                      // Giorgi Beridze
	{Person: "p061", Agency: "ge-mia", Kind: "spoc", Area: "", Available247: true},                      // Nino Gelashvili
	{Person: "p063", Agency: "ge-mia", Kind: "empact_ncoord", Area: "ONLINE", Available247: false},      // Tamar Tsiklauri
	{Person: "p064", Agency: "ge-mia", Kind: "crime_data_focal", Area: "NETWORKS", Available247: false}, // Mariam Khutsishvili
	{Person: "p065", Agency: "ge-mia", Kind: "crime_data_focal", Area: "DRUGS", Available247: false},    // Irakli Meladze
	{Person: "p067", Agency: "ge-bpg", Kind: "spoc", Area: "", Available247: true},                      // Nikoloz Mikeladze
	{Person: "p068", Agency: "ge-bpg", Kind: "crime_data_focal", Area: "MS-THB", Available247: false},   // Ketevan Nozadze
	{Person: "p069", Agency: "ge-rs", Kind: "empact_ncoord", Area: "ECOFIN", Available247: false},       // Zurab Chikovani
	{Person: "p070", Agency: "ge-rs", Kind: "trainer", Area: "FIREX", Available247: false},              // Salome Javakhishvili
	{Person: "p074", Agency: "ge-pog", Kind: "trainer", Area: "NETWORKS", Available247: false},          // Giga Kiknadze
	{Person: "p076", Agency: "ge-fms", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},   // Maia Chkheidze
	{Person: "p079", Agency: "ge-acb", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},   // Otar Gabunia
	{Person: "p081", Agency: "ge-academy", Kind: "trainer", Area: "MS-THB", Available247: false},        // Tamaz Tabatadze
	{Person: "p082", Agency: "ge-academy", Kind: "trainer", Area: "ONLINE", Available247: false},        // Lela Nadiradze
	{Person: "p084", Agency: "ge-ismf", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},  // Vakhtang Tsertsvadze
	// AM
	{Person: "p088", Agency: "am-police", Kind: "ncp", Area: "", Available247: false},                      // Armen Petrosyan
	{Person: "p089", Agency: "am-police", Kind: "spoc", Area: "", Available247: true},                      // Anna Sargsyan
	{Person: "p090", Agency: "am-police", Kind: "empact_ncoord", Area: "NETWORKS", Available247: false},    // Tigran Grigoryan
	{Person: "p091", Agency: "am-police", Kind: "trainer", Area: "ONLINE", Available247: false},            // Lilit Harutyunyan
	{Person: "p092", Agency: "am-police", Kind: "empact_ncoord", Area: "DRUGS", Available247: false},       // Davit Avetisyan
	{Person: "p093", Agency: "am-police", Kind: "crime_data_focal", Area: "NETWORKS", Available247: false}, // Mariam Mkrtchyan
	{Person: "p096", Agency: "am-ic", Kind: "crime_data_focal", Area: "ONLINE", Available247: false},       // Nare Khachatryan
	{Person: "p097", Agency: "am-ic", Kind: "spoc", Area: "", Available247: false},                         // Hayk Vardanyan
	{Person: "p098", Agency: "am-src", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},      // Narek Stepanyan
	{Person: "p104", Agency: "am-po", Kind: "trainer", Area: "NETWORKS", Available247: false},              // Karen Poghosyan
	{Person: "p106", Agency: "am-fmc", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},      // Astghik Davtyan
	{Person: "p109", Agency: "am-acc", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false},      // Arsen Avagyan
	{Person: "p111", Agency: "am-pec", Kind: "trainer", Area: "MS-THB", Available247: false},               // Hovhannes Sahakyan
	{Person: "p112", Agency: "am-pec", Kind: "trainer", Area: "NETWORKS", Available247: false},             // Hasmik Galstyan
	// AZ
	{Person: "p115", Agency: "az-mia", Kind: "ncp", Area: "", Available247: false},                    // Rəşad Məmmədov
	{Person: "p116", Agency: "az-mia", Kind: "spoc", Area: "", Available247: true},                    // Aygün Hüseynova
	{Person: "p117", Agency: "az-mia", Kind: "empact_ncoord", Area: "NETWORKS", Available247: false},  // Tural Quliyev
	{Person: "p118", Agency: "az-mia", Kind: "crime_data_focal", Area: "DRUGS", Available247: false},  // Leyla İsmayılova
	{Person: "p119", Agency: "az-mia", Kind: "empact_ncoord", Area: "MS-THB", Available247: false},    // Günel Abbasova
	{Person: "p122", Agency: "az-sbs", Kind: "spoc", Area: "", Available247: true},                    // Nərmin Cəfərova
	{Person: "p123", Agency: "az-sbs", Kind: "crime_data_focal", Area: "MS-THB", Available247: false}, // Kamran Kərimov
	{Person: "p124", Agency: "az-sbs", Kind: "trainer", Area: "MS-THB", Available247: false},          // Sevinc Nəsirova
	{Person: "p127", Agency: "az-scc", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false}, // Lalə Salmanova
	{Person: "p130", Agency: "az-pgo", Kind: "trainer", Area: "NETWORKS", Available247: false},        // Vüsal Səfərov
	{Person: "p131", Agency: "az-pgo", Kind: "crime_data_focal", Area: "ONLINE", Available247: false}, // Nigar Qasımova
	{Person: "p133", Agency: "az-fms", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false}, // Səbinə Bağırova
	{Person: "p136", Agency: "az-acd", Kind: "crime_data_focal", Area: "ECOFIN", Available247: false}, // Nicat Əsgərov
	{Person: "p138", Agency: "az-pa", Kind: "trainer", Area: "ONLINE", Available247: false},           // Cavid Nağıyev
	{Person: "p139", Agency: "az-pa", Kind: "trainer", Area: "DRUGS", Available247: false},            // Fidan Sadıqova
}

// Networks: the cooperation networks of the project. A person may belong to several.
var Networks = []Network{
	{
		Key: "scf", Name: "Strategic Cooperation Forum", Kind: "forum",
		Description: "High-level forum of heads and deputy heads of the partner law enforcement agencies of Armenia, Azerbaijan, Georgia, Moldova and Ukraine with CEPOL and Europol. Steers TOPCOP II priorities, endorses the annual training plan and reviews operational cooperation results.",
		Members: []Member{
			{Person: "p141", Role: "chair"},       // Annelies Vermeulen, CEPOL (EU)
			{Person: "p142", Role: "secretariat"}, // Tomasz Zieliński, CEPOL (EU)
			{Person: "p146", Role: "secretariat"}, // Giulia Ferraro, CEPOL (EU)
			{Person: "p001", Role: "member"},      // Andrii Tkachenko, NPU (UA)
			{Person: "p009", Role: "member"},      // Yurii Savytskyi, SBGSU (UA)
			{Person: "p016", Role: "member"},      // Mariia Kovalchuk, OPG (UA)
			{Person: "p031", Role: "member"},      // Vasile Rusu, IGP (MD)
			{Person: "p038", Role: "member"},      // Elena Țurcan, IGPF (MD)
			{Person: "p045", Role: "member"},      // Olga Melnic, CNA (MD)
			{Person: "p059", Role: "member"},      // Davit Kapanadze, MIA (GE)
			{Person: "p066", Role: "member"},      // Ana Maisuradze, BPG (GE)
			{Person: "p072", Role: "member"},      // Tornike Bakradze, POG (GE)
			{Person: "p087", Role: "member"},      // Aram Hakobyan, RA Police (AM)
			{Person: "p094", Role: "member"},      // Ani Hovhannisyan, IC (AM)
			{Person: "p102", Role: "member"},      // Artur Baghdasaryan, PO (AM)
			{Person: "p114", Role: "member"},      // Elvin Həsənov, MIA (AZ)
			{Person: "p121", Role: "member"},      // Orxan Rzayev, SBS (AZ)
			{Person: "p125", Role: "member"},      // Fərid Babayev, SCC (AZ)
			{Person: "p148", Role: "member"},      // Katrin Vogel, Europol (EU)
			{Person: "p155", Role: "observer"},    // Jean-Luc Marchand, EEAS (EU)
			{Person: "p156", Role: "observer"},    // Ingrid Sørensen, DG ENEST (EU)
		},
	},
	{
		Key: "esn", Name: "EMPACT Support Network", Kind: "support",
		Description: "National EMPACT coordinators of the partner countries and liaison officers at Europol, supporting partner participation in the operational actions of the EMPACT 2026–2029 cycle.",
		Members: []Member{
			{Person: "p147", Role: "chair"},       // Javier Morales Ruiz, Europol (EU)
			{Person: "p142", Role: "secretariat"}, // Tomasz Zieliński, CEPOL (EU)
			{Person: "p004", Role: "member"},      // Serhii Ostrovskyi, NPU (UA)
			{Person: "p005", Role: "member"},      // Nataliia Melnyk, NPU (UA)
			{Person: "p011", Role: "member"},      // Mykola Petrenko, SBGSU (UA)
			{Person: "p034", Role: "member"},      // Ana Lungu, IGP (MD)
			{Person: "p035", Role: "member"},      // Alexandru Cojocaru, IGP (MD)
			{Person: "p037", Role: "member"},      // Maria Sîrbu, IGP (MD)
			{Person: "p062", Role: "member"},      // Levan Lomidze, MIA (GE)
			{Person: "p063", Role: "member"},      // Tamar Tsiklauri, MIA (GE)
			{Person: "p069", Role: "member"},      // Zurab Chikovani, GRS (GE)
			{Person: "p090", Role: "member"},      // Tigran Grigoryan, RA Police (AM)
			{Person: "p092", Role: "member"},      // Davit Avetisyan, RA Police (AM)
			{Person: "p117", Role: "member"},      // Tural Quliyev, MIA (AZ)
			{Person: "p119", Role: "member"},      // Günel Abbasova, MIA (AZ)
			{Person: "p149", Role: "member"},      // Pieter de Groot, Europol (EU)
			{Person: "p150", Role: "member"},      // Sofia Lindqvist, Europol (EU)
			{Person: "p163", Role: "member"},      // Tomas Kazlauskas, LPD (LT)
			{Person: "p171", Role: "member"},      // Andres Kask, PPA (EE)
			{Person: "p152", Role: "observer"},    // Mihkel Tamm, Frontex (EU)
			{Person: "p161", Role: "observer"},    // Magdalena Wiśniewska, KGP (PL)
			{Person: "p166", Role: "observer"},    // Cristian Stanciu, IGPR (RO)
			{Person: "p169", Role: "observer"},    // Julia Hoffmann, BKA (DE)
		},
	},
	{
		Key: "ttn", Name: "TOPCOP Trainers' Network", Kind: "trainers",
		Description: "Pool of certified national trainers and training coordinators who deliver and cascade TOPCOP II courses, with CEPOL, Frontex and Member State experts.",
		Members: []Member{
			{Person: "p144", Role: "chair"},       // Markus Lehtonen, CEPOL (EU)
			{Person: "p143", Role: "secretariat"}, // Ioana Dumitrescu, CEPOL (EU)
			{Person: "p007", Role: "member"},      // Iryna Lysenko, NPU (UA)
			{Person: "p019", Role: "member"},      // Anna Kuzmenko, OPG (UA)
			{Person: "p026", Role: "member"},      // Ihor Sydorenko, NAIA (UA)
			{Person: "p027", Role: "member"},      // Olha Demchenko, NAIA (UA)
			{Person: "p036", Role: "member"},      // Mihai Popa, IGP (MD)
			{Person: "p050", Role: "member"},      // Vadim Bălan, PG (MD)
			{Person: "p056", Role: "member"},      // Ecaterina Onu, ASCM (MD)
			{Person: "p057", Role: "member"},      // Vitalie Chiriac, ASCM (MD)
			{Person: "p070", Role: "member"},      // Salome Javakhishvili, GRS (GE)
			{Person: "p074", Role: "member"},      // Giga Kiknadze, POG (GE)
			{Person: "p081", Role: "member"},      // Tamaz Tabatadze, MIA Academy (GE)
			{Person: "p082", Role: "member"},      // Lela Nadiradze, MIA Academy (GE)
			{Person: "p091", Role: "member"},      // Lilit Harutyunyan, RA Police (AM)
			{Person: "p104", Role: "member"},      // Karen Poghosyan, PO (AM)
			{Person: "p111", Role: "member"},      // Hovhannes Sahakyan, PEC (AM)
			{Person: "p112", Role: "member"},      // Hasmik Galstyan, PEC (AM)
			{Person: "p124", Role: "member"},      // Sevinc Nəsirova, SBS (AZ)
			{Person: "p130", Role: "member"},      // Vüsal Səfərov, PGO (AZ)
			{Person: "p138", Role: "member"},      // Cavid Nağıyev, PA (AZ)
			{Person: "p139", Role: "member"},      // Fidan Sadıqova, PA (AZ)
			{Person: "p145", Role: "member"},      // Zsófia Horváth, CEPOL (EU)
			{Person: "p149", Role: "member"},      // Pieter de Groot, Europol (EU)
			{Person: "p151", Role: "member"},      // Aleksandra Kowalczyk, Frontex (EU)
			{Person: "p162", Role: "member"},      // Paweł Nowicki, KGP (PL)
			{Person: "p165", Role: "member"},      // Andreea Popescu, IGPR (RO)
			{Person: "p168", Role: "member"},      // Stefan Brandt, BKA (DE)
			{Person: "p170", Role: "member"},      // Kadri Saar, PPA (EE)
		},
	},
	{
		Key: "rnfi", Name: "Regional Network of Financial Investigators", Kind: "initiative",
		Description: "Regional initiative of financial intelligence units, anti-corruption bodies and asset recovery specialists for follow-the-money investigations, parallel financial investigations and asset tracing across the region.",
		Members: []Member{
			{Person: "p023", Role: "chair"},    // Maksym Pavlenko, SFMS (UA)
			{Person: "p020", Role: "member"},   // Oleh Levchenko, NABU (UA)
			{Person: "p047", Role: "member"},   // Irina Gherman, CNA (MD)
			{Person: "p053", Role: "member"},   // Ștefan Railean, SPCSB (MD)
			{Person: "p076", Role: "member"},   // Maia Chkheidze, FMS (GE)
			{Person: "p084", Role: "member"},   // Vakhtang Tsertsvadze, ISMF (GE)
			{Person: "p105", Role: "member"},   // Syuzanna Melkonyan, PO (AM)
			{Person: "p106", Role: "member"},   // Astghik Davtyan, FMC (AM)
			{Person: "p133", Role: "member"},   // Səbinə Bağırova, FMS (AZ)
			{Person: "p136", Role: "member"},   // Nicat Əsgərov, ACD (AZ)
			{Person: "p150", Role: "member"},   // Sofia Lindqvist, Europol (EU)
			{Person: "p167", Role: "member"},   // Mihaela Constantinescu, IGPR (RO)
			{Person: "p172", Role: "member"},   // Jeroen van Dijk, Politie (NL)
			{Person: "p153", Role: "observer"}, // Eleni Papadopoulou, Eurojust (EU)
		},
	},
}
