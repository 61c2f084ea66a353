"""Write the sample GIAS 'edubase' export shipped for tests and the demo.

The columns are the real GIAS column names, in their real order (a subset of the ~130); the
schools are invented. Written in Windows-1252, as GIAS downloads are, so the importer's
encoding handling is exercised by the demo itself. Run: python scripts/make_gias_sample.py
"""

import csv
import io
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/npq/reference/data/gias-sample.csv"

COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Gender (name)",
    "ReligiousCharacter (name)",
    "SchoolCapacity",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "TrustSchoolFlag (name)",
    "Trusts (name)",
    "UKPRN",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "GOR (name)",
    "UrbanRural (name)",
]

LAS = [
    ("330", "Birmingham", "West Midlands"),
    ("878", "Devon", "South West"),
    ("925", "Lincolnshire", "East Midlands"),
    ("383", "Leeds", "Yorkshire and the Humber"),
    ("209", "Lewisham", "London"),
    ("391", "Newcastle upon Tyne", "North East"),
    ("886", "Kent", "South East"),
    ("352", "Manchester", "North West"),
    ("873", "Cambridgeshire", "East of England"),
]
TOWNS = {
    "330": ["Birmingham", "Sutton Coldfield"],
    "878": ["Exeter", "Barnstaple", "Tiverton"],
    "925": ["Lincoln", "Boston", "Grantham"],
    "383": ["Leeds", "Otley"],
    "209": ["London"],
    "391": ["Newcastle upon Tyne"],
    "886": ["Maidstone", "Ashford", "Margate"],
    "352": ["Manchester"],
    "873": ["Cambridge", "Ely", "March"],
}
# (type code, type name, group code, group name, phase code, phase name, low, high, name pattern)
KINDS = [
    (
        "1",
        "Community school",
        "4",
        "Local authority maintained schools",
        "2",
        "Primary",
        4,
        11,
        "{place} Primary School",
    ),
    (
        "2",
        "Voluntary aided school",
        "4",
        "Local authority maintained schools",
        "2",
        "Primary",
        4,
        11,
        "St {saint}’s Catholic Primary School",
    ),
    (
        "3",
        "Voluntary controlled school",
        "4",
        "Local authority maintained schools",
        "2",
        "Primary",
        4,
        11,
        "St {saint}’s C of E Primary School",
    ),
    (
        "5",
        "Foundation school",
        "4",
        "Local authority maintained schools",
        "4",
        "Secondary",
        11,
        16,
        "{place} High School",
    ),
    ("28", "Academy sponsor led", "10", "Academies", "4", "Secondary", 11, 18, "{place} Academy"),
    ("34", "Academy converter", "10", "Academies", "2", "Primary", 3, 11, "{place} Infant and Nursery School"),
    ("34", "Academy converter", "10", "Academies", "4", "Secondary", 11, 18, "{place} Grammar School"),
    (
        "15",
        "Local authority nursery school",
        "4",
        "Local authority maintained schools",
        "1",
        "Nursery",
        2,
        5,
        "{place} Nursery School",
    ),
    ("33", "Academy special sponsor led", "10", "Academies", "0", "Not applicable", 3, 19, "{place} Special Academy"),
    ("18", "Further education", "1", "Colleges", "0", "Not applicable", 16, 99, "{place} College"),
    (
        "11",
        "Other independent school",
        "3",
        "Independent schools",
        "7",
        "All-through",
        3,
        18,
        "{place} Preparatory School",
    ),
    (
        "26",
        "Service children's education",
        "6",
        "Other types",
        "2",
        "Primary",
        4,
        11,
        "{place} Service Children’s School",
    ),
]
PLACES = [
    "Abbey",
    "Ashfield",
    "Beechwood",
    "Brookside",
    "Castle",
    "Cedar",
    "Church Lane",
    "Elmwood",
    "Fairfield",
    "Greenacre",
    "Hawthorn",
    "Highfield",
    "Hillside",
    "Kingsway",
    "Lakeside",
    "Meadow",
    "Millbrook",
    "Newlands",
    "Oakfield",
    "Parkside",
    "Queensway",
    "Riverside",
    "Rosebank",
    "Southfield",
    "Springfield",
    "Thornbury",
    "Valley",
    "Westfield",
    "Willowbrook",
    "Woodside",
]
SAINTS = ["Mary", "John", "Peter", "Anne", "Michael", "Joseph", "Margaret", "Andrew"]


def postcode(rng: random.Random, town: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{town[:2].upper()}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def rows() -> list[list[str]]:
    rng = random.Random(2026)
    out, used = [], set()
    urn = 100000
    for i in range(220):
        la_code, la_name, region = LAS[i % len(LAS)]
        kind = KINDS[i % len(KINDS)]
        name = kind[8].format(place=rng.choice(PLACES), saint=rng.choice(SAINTS))
        town = rng.choice(TOWNS[la_code])
        if name in used:
            name = f"{name} ({town})"
        used.add(name)
        urn += rng.randint(7, 97)
        status = ("2", "Closed") if i % 37 == 5 else ("1", "Open")
        pupils = rng.randint(40, 1600) if kind[5] != "Nursery" else rng.randint(30, 120)
        boys = pupils // 2
        out.append(
            [
                str(urn),
                la_code,
                la_name,
                str(2000 + i),
                name,
                kind[0],
                kind[1],
                kind[2],
                kind[3],
                status[0],
                status[1],
                f"0{1 + i % 9}-09-20{10 + i % 14}",
                "31-08-2025" if status[0] == "2" else "",
                kind[4],
                kind[5],
                str(kind[6]),
                str(kind[7]),
                "Mixed",
                "Roman Catholic"
                if "Catholic" in name
                else ("Church of England" if "C of E" in name else "Does not apply"),
                str(pupils + 50),
                str(pupils),
                str(boys),
                str(pupils - boys),
                f"{rng.uniform(3, 55):.1f}",
                "Supported by a trust" if kind[2] == "10" else "Not applicable",
                "Northern Star Learning Trust" if kind[2] == "10" else "",
                str(10000000 + urn % 9999999),
                f"{rng.randint(1, 200)} {rng.choice(['High Street', 'School Lane', 'Church Road', 'Mill Road'])}",
                "",
                "",
                town,
                "" if la_name in ("Birmingham", "Leeds", "Lewisham", "Manchester", "Newcastle upon Tyne") else la_name,
                postcode(rng, town),
                "",
                f"0{rng.randint(1000, 1999)} {rng.randint(100000, 999999)}",
                rng.choice(["Mrs", "Mr", "Ms", "Dr"]),
                rng.choice(["Amira", "Ben", "Chloe", "Dev", "Ellen", "Femi", "Grace", "Harry"]),
                rng.choice(["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes"]),
                region,
                rng.choice(
                    [
                        "(England/Wales) Urban city and town",
                        "(England/Wales) Rural village",
                        "(England/Wales) Urban major conurbation",
                    ]
                ),
            ]
        )
    return out


def main() -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows())
    OUT.write_bytes(buffer.getvalue().encode("cp1252"))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
