#!/usr/bin/env python3
"""Makes the XLSForm files the xlsform tests read, into the directory given as argument.

Realistic forms are written with openpyxl (python3-openpyxl), as a spreadsheet program would;
edge cases of the file format (inline strings, rich text, phonetic runs, booleans, missing
cell references) and hostile files (not a zip, truncated, zip bombs, broken XML) are written
by hand with zipfile. Nothing here is committed as a binary: the tests run this first (a ctest
fixture).
"""
import csv
import os
import struct
import sys
import zipfile

import openpyxl

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def path(name):
    return os.path.join(OUT, name)


def write_xlsx(name, sheets):
    """sheets: list of (sheet name, rows); rows are lists of cell values (None: empty)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_name, rows in sheets:
        sheet = book.create_sheet(sheet_name)
        for row in rows:
            sheet.append(list(row))
    book.save(path(name))


def write_csv(file_name, rows):
    with open(file_name, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["" if c is None else c for c in row] for row in rows])


# ---------------------------------------------------------------------------------------------
# The household form: every supported type, groups, repeats, two languages, constraints,
# relevance, calculations, defaults, metadata, acknowledge, or_other, choice_filter. Sheets and
# columns in unusual orders, headers in mixed case.

HOUSEHOLD_SETTINGS = [
    ["Version", "form_title", "FORM_ID", "default_language", "instance_name"],
    ["2024011501", "Household survey", "household_survey", "English (en)",
     "concat(${head_name}, '-', ${today})"],
]

HOUSEHOLD_CHOICES = [
    ["label::French (fr)", "list_name", "NAME", "Label::English (en)", "country", "media::image"],
    ["Oui", "yes_no", "yes", "Yes", None, None],
    ["Non", "yes_no", "no", "No", None, None],
    ["Femme", "sex", "female", "Female", None, None],
    ["Homme", "sex", "male", "Male", None, None],
    ["Kenya", "country", "ke", "Kenya", None, None],
    ["Ouganda", "country", "ug", "Uganda", None, None],
    ["Nairobi", "city", "nairobi", "Nairobi", "ke", None],
    ["Kampala", "city", "kampala", "Kampala", "ug", None],
    ["Mombasa", "city", "mombasa", "Mombasa", "ke", None],
    ["Gulu", "city", "gulu", "Gulu", "ug", None],
    ["Pomme", "fruit", "apple", "Apple", None, None],
    ["Banane", "fruit", "banana", "Banana", None, None],
    ["Mangue", "fruit", "mango", "Mango", None, "mango.png"],
    ["Mauvais", "rating", 1, "Bad", None, None],
    ["Bon", "rating", 2, "Good", None, None],
]

HOUSEHOLD_SURVEY_HEADER = [
    "TYPE", "name", "label::English (en)", "label::French (fr)", "hint::English (en)",
    "required", "required_message::English (en)", "constraint",
    "constraint_message::English (en)", "relevant", "default", "calculation", "read_only",
    "choice_filter", "repeat_count", "appearance",
]


def srow(type_, name, en=None, fr=None, hint=None, required=None, required_message=None,
         constraint=None, constraint_message=None, relevant=None, default=None,
         calculation=None, read_only=None, choice_filter=None, repeat_count=None,
         appearance=None):
    return [type_, name, en, fr, hint, required, required_message, constraint,
            constraint_message, relevant, default, calculation, read_only, choice_filter,
            repeat_count, appearance]


HOUSEHOLD_SURVEY = [HOUSEHOLD_SURVEY_HEADER] + [
    srow("start", "start"),                                                            # row 2
    srow("end", "end"),
    srow("today", "today"),
    srow("deviceid", "deviceid"),
    srow("username", "username"),
    srow("note", "intro", "Welcome", "Bienvenue"),
    srow("begin group", "interview", "Interview", "Entretien", appearance="field-list"),
    srow("date", "interview_date", "Date", "Date", required="yes",
         constraint=". <= today()", constraint_message="Not in the future"),
    srow("dateTime", "visit_start", "Visit start", "Début"),                          # row 10
    srow("time", "visit_time", "Time", "Heure"),
    srow("geopoint", "location", "Location", "Position"),
    srow("select_one yes_no", "consent", "Consent?", "Accord ?", required="yes"),
    srow("end group", None),
    srow("note", "no_consent", "End the interview", "Fin", relevant="${consent} = 'no'"),
    srow("integer", "household_size", "People", "Personnes", hint="Everyone living here",
         required=True, constraint=". >= 1 and . <= 30", constraint_message="1 to 30",
         relevant="${consent} = 'yes'", default=1),
    srow("decimal", "income", "Income", "Revenu", constraint=". >= 0",
         relevant="${consent} = 'yes'"),
    srow("text", "head_name", "Name", "Nom", required="yes",
         required_message="Please give a name", constraint="string-length(.) >= 2"),
    srow("select_one country", "country", "Country", "Pays"),
    srow("select_one city", "city", "City", "Ville", choice_filter="country=${country}"),  # 20
    srow("select_multiple fruit", "fruits", "Fruits", "Fruits",
         constraint="count-selected(.) <= 2", default="apple banana"),
    srow("select_one fruit or_other", "favourite_fruit", "Favourite", "Préféré"),
    srow("acknowledge", "ack", "I confirm", "Je confirme"),
    srow("image", "house_photo", "Photo", "Photo"),
    srow("file", "document", "Document", "Document"),
    srow("audio", "recording", "Recording", "Enregistrement"),
    srow("begin repeat", "members", "Members", "Membres", relevant="${consent}='yes'",
         repeat_count="${household_size}"),
    srow("calculate", "member_number", calculation="position(..)"),
    srow("text", "member_name", "First name", "Prénom", required="yes"),
    srow("select_one sex", "sex", "Sex", "Sexe", required="yes"),                      # row 30
    srow("integer", "age", "Age", "Âge", required="yes", constraint=". >= 0 and . <= 120"),
    srow("select_one yes_no", "pregnant", "Pregnant?", "Enceinte ?", required="yes",
         relevant="${sex} = 'female' and ${age} >= 12 and ${age} <= 55"),
    srow("end repeat", None),
    srow("calculate", "member_count", calculation="count(${members})"),
    srow("calculate", "total_age", calculation="sum(${age})"),
    srow("begin repeat", "visits", "Visits", "Visites", repeat_count=2),
    srow("date", "visit_date", "Visit date", "Date de visite", required="yes"),
    srow("end repeat", None),
    srow("text", "comment", "Comment", "Commentaire", read_only="${consent} = 'no'"),
    [None] * len(HOUSEHOLD_SURVEY_HEADER),                                              # 40
    srow("select_one rating", "rating", "Rating", "Note"),
    # Dynamic defaults (evaluated once, when the record is created), a filtered
    # select_multiple, once(uuid()) and indexed-repeat().
    srow("date", "next_visit", "Next visit", "Prochaine visite", default="today() + 7"),
    srow("text", "visit_code", "Visit code", "Code", default="concat('HH-', "
         "format-date(today(), '%Y%m%d'))"),
    srow("integer", "adults", "Adults", "Adultes", default="${household_size} - 1"),
    srow("select_multiple city", "cities_visited", "Cities visited", "Villes visitées",
         choice_filter="country=${country}"),                                             # 45
    srow("calculate", "interview_id", calculation="once(uuid())"),
    srow("calculate", "first_member", calculation="indexed-repeat(${member_name}, ${members}, 1)"),
]

write_xlsx("household.xlsx", [("settings", HOUSEHOLD_SETTINGS),
                              ("choices", HOUSEHOLD_CHOICES),
                              ("survey", HOUSEHOLD_SURVEY)])

# The same form as CSV exports: a directory, and files named after the form.
os.makedirs(path("household_csv"), exist_ok=True)
write_csv(path("household_csv/survey.csv"), HOUSEHOLD_SURVEY)
write_csv(path("household_csv/Choices.csv"), HOUSEHOLD_CHOICES)
write_csv(path("household_csv/settings.csv"), HOUSEHOLD_SETTINGS)
os.makedirs(path("named_csv"), exist_ok=True)
write_csv(path("named_csv/Household - survey.csv"), HOUSEHOLD_SURVEY)
write_csv(path("named_csv/Household - choices.csv"), HOUSEHOLD_CHOICES)
write_csv(path("named_csv/Household - settings.csv"), HOUSEHOLD_SETTINGS)

# A minimal form: no settings sheet, plain labels, sheet names in another case.
write_xlsx("minimal form.xlsx", [
    ("Survey", [["type", "name", "label"],
                ["text", "q1", "Question one"],
                ["select_one yn", "q2", "Question two"]]),
    ("Choices", [["list_name", "name", "label"], ["yn", "y", "Y"], ["yn", "n", "N"]]),
])

# ---------------------------------------------------------------------------------------------
# Error cases: each is a small form with one problem; the test checks the message names the
# sheet, row and column.

SURVEY_HEADER = ["type", "name", "label", "relevant", "constraint", "calculation", "default",
                 "required", "choice_filter", "repeat_count", "trigger"]


def q(type_, name, label="Q", relevant=None, constraint=None, calculation=None, default=None,
      required=None, choice_filter=None, repeat_count=None, trigger=None):
    return [type_, name, label, relevant, constraint, calculation, default, required,
            choice_filter, repeat_count, trigger]


YES_NO = [["list_name", "name", "label", "region"], ["yn", "yes", "Yes", "a"],
          ["yn", "no", "No", "b"]]
SETTINGS = [["form_id", "version"], ["errors", "1"]]


def error_form(name, survey_rows, choices=None, settings=None):
    sheets = [("survey", [SURVEY_HEADER] + survey_rows),
              ("choices", choices if choices is not None else YES_NO),
              ("settings", settings if settings is not None else SETTINGS)]
    write_xlsx("error_" + name + ".xlsx", sheets)


error_form("missing_reference", [q("integer", "a"), q("text", "b", relevant="${nope} = 1")])
error_form("unknown_function", [q("calculate", "c", label=None,
                                  calculation="pulldata('a', 'b', 'c', 'd')")])
error_form("prefixed_function", [q("select_one yn", "a"),
                                 q("calculate", "c", label=None,
                                   calculation="jr:choice-name(${a}, '${a}')")])
error_form("syntax", [q("integer", "a", constraint=". >")])
error_form("xpath_path", [q("integer", "a"), q("integer", "b", relevant="/data/a > 1")])
error_form("unknown_type", [q("text", "a"), q("range", "r")])
error_form("missing_list", [q("select_one nolist", "a")])
error_form("duplicate_name", [q("text", "a"), q("begin group", "g"), q("integer", "a"),
                              q("end group", None)])
error_form("unclosed_group", [q("begin group", "g"), q("text", "a")])
error_form("end_without_begin", [q("text", "a"), q("end group", None)])
error_form("mismatched_end", [q("begin group", "g"), q("text", "a"), q("end repeat", None)])
error_form("empty_group", [q("text", "a"), q("begin group", "g"), q("end group", None)])
error_form("duplicate_choice", [q("select_one yn", "a")],
           choices=YES_NO + [["yn", "yes", "Yes again", "c"]])
error_form("choice_with_space", [q("select_one yn", "a")],
           choices=YES_NO + [["yn", "not sure", "Not sure", "c"]])
error_form("choice_without_list", [q("select_one yn", "a")],
           choices=YES_NO + [[None, "maybe", "Maybe", "c"]])
error_form("bad_version", [q("text", "a")], settings=[["form_id", "version"], ["errors", "v3"]])
error_form("huge_version", [q("text", "a")],
           settings=[["form_id", "version"], ["errors", "202401150930"]])
error_form("public_key", [q("text", "a")],
           settings=[["form_id", "version", "public_key"], ["errors", "1", "MIIBIjANB"]])
error_form("bad_form_id", [q("text", "a")], settings=[["form_id", "version"], ["my form!", "1"]])
error_form("dynamic_default_function", [q("date", "d", default="random() + today()")])
error_form("dynamic_default_reference", [q("text", "a"), q("text", "b", default="${nope}")])
error_form("repeat_count_syntax", [q("integer", "n"), q("begin repeat", "r", repeat_count="${n} +"),
                                   q("text", "a"), q("end repeat", None)])
error_form("repeat_count_reference", [q("begin repeat", "r", repeat_count="${nope}"),
                                      q("text", "a"), q("end repeat", None)])
error_form("repeat_count_inside", [q("begin repeat", "r", repeat_count="${a}"),
                                   q("integer", "a"), q("end repeat", None)])
error_form("repeat_count_negative", [q("begin repeat", "r", repeat_count="-1"),
                                     q("text", "a"), q("end repeat", None)])
error_form("repeat_count_cycle", [q("calculate", "c", label=None, calculation="count(${r})"),
                                  q("begin repeat", "r", repeat_count="${c}"),
                                  q("text", "a"), q("end repeat", None)])
error_form("indexed_repeat_wrong", [q("text", "b"), q("begin repeat", "r"), q("text", "a"),
                                    q("end repeat", None),
                                    q("calculate", "c", label=None,
                                      calculation="indexed-repeat(${b}, ${r}, 1)")])
error_form("calculation_on_text", [q("text", "a", calculation="'x'")])
error_form("reference_into_repeat", [q("begin repeat", "r"), q("integer", "age"),
                                     q("end repeat", None),
                                     q("text", "b", relevant="${age} > 3")])
error_form("cycle", [q("text", "a", relevant="${b} = 'x'"), q("text", "b",
                                                              relevant="${a} = 'x'")])
error_form("bad_default_choice", [q("select_one yn", "a", default="maybe")])
error_form("bad_name", [q("text", "1abc")])
error_form("dotted_name", [q("text", "a.b")])
error_form("metadata_in_repeat", [q("begin repeat", "r"), q("text", "a"), q("start", "s"),
                                  q("end repeat", None)])
error_form("trigger_column", [q("integer", "a"), q("integer", "b", trigger="${a}")])
error_form("filter_on_text", [q("text", "a", choice_filter="region = 'a'")])
error_form("multiple_filter_unknown_column", [q("select_multiple yn", "a",
                                                choice_filter="zone = 'a'")])
error_form("filter_unknown_column", [q("select_one yn", "a", choice_filter="zone = 'a'")])
error_form("geotrace", [q("geotrace", "path")])
error_form("calculate_without_calculation", [q("calculate", "c", label=None)])
error_form("constraint_on_note", [q("note", "n", constraint=". > 1")])
error_form("two_errors", [q("text", "a", relevant="${x} = 1"), q("rank", "b")])
error_form("repeat_reference", [q("begin repeat", "r"), q("text", "a"),
                                q("end repeat", None), q("integer", "n", relevant="${r} > 1")])
write_xlsx("error_no_survey.xlsx", [("choices", YES_NO), ("settings", SETTINGS)])
write_xlsx("error_no_type_column.xlsx", [("survey", [["kind", "name", "label"],
                                                     ["text", "a", "A"]])])
write_xlsx("error_empty_survey.xlsx", [("survey", [])])

# Warning cases: the form imports, with a warning naming the place.
write_xlsx("warnings.xlsx", [
    ("survey", [["type", "name", "label", "appearance", "media::image", "my_notes", "required",
                 "parameters"],
                ["text", "a", "A", "multiline", None, "ask politely", None, None],
                ["audio", "rec", "Record", None, "mic.png", None, None, None],
                ["integer", "b", None, None, None, None, None, None],
                ["note", "n", "Note", None, None, None, "yes", None],
                ["begin group", "g", None, None, None, None, None, None],
                ["barcode", "code", "Code", None, None, None, None, "max-pixels=10"],
                ["end group", None, None, None, None, None, None, None],
                [None, None, "an orphan label", None, None, None, None, None]]),
    ("choices", [["list_name", "name", "label", "extra"], ["l", "x", None, "e"]]),
    ("external_choices", [["list_name", "name"], ["l2", "a"]]),
])

# ---------------------------------------------------------------------------------------------
# Hand-made .xlsx parts: what openpyxl never writes, and hostile files.

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/content-types"/>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
             'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
             'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="xl/workbook.xml"/></Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def sheet_xml(rows_xml):
    return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{rows_xml}</sheetData></worksheet>'


def write_raw_xlsx(name, sheets, shared=None, extra=None, compression=zipfile.ZIP_DEFLATED):
    """sheets: list of (sheet name, part file name, xml). The workbook lists them in order."""
    with zipfile.ZipFile(path(name), "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        rels = []
        entries = []
        for i, (sheet_name, part, xml) in enumerate(sheets):
            rels.append(f'<Relationship Id="rId{i + 1}" Type="{REL}worksheet" '
                        f'Target="worksheets/{part}"/>')
            entries.append(f'<sheet name="{sheet_name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>')
            z.writestr("xl/worksheets/" + part, xml)
        if shared is not None:
            rels.append(f'<Relationship Id="rIdS" Type="{REL}sharedStrings" '
                        f'Target="/xl/sharedStrings.xml"/>')
            z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
                   'org/package/2006/relationships">' + "".join(rels) + "</Relationships>")
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {NS} {RNS}><sheets>'
                   + "".join(entries) + "</sheets></workbook>")
        for part, data in (extra or {}).items():
            z.writestr(part, data)


SHARED = (f'<?xml version="1.0"?><sst {NS} count="5" uniqueCount="5">'
          '<si><t>type</t></si>'
          '<si><t>name</t></si>'
          '<si><r><rPr><b/></rPr><t>How </t></r><r><t xml:space="preserve">old  are</t></r>'
          '<r><t> you?</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>'
          '<si><t>integer</t></si>'
          '<si><t>label</t></si>'
          '</sst>')
# Survey: shared strings, a rich text label, inline strings, a boolean, numbers, cells
# without references, a gap of rows and columns.
CELLS_SURVEY = sheet_xml(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>required</t></is></c>'
    '<c r="F1" t="inlineStr"><is><t>default</t></is></c></row>'
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="inlineStr"><is><r><t>ag</t></r>'
    '<r><t>e</t></r></is></c><c r="C3" t="s"><v>2</v></c><c r="E3" t="b"><v>1</v></c>'
    '<c r="F3"><v>12.0</v></c></row>'
    '<row><c t="inlineStr"><is><t>decimal</t></is></c><c t="inlineStr"><is><t>ratio</t></is>'
    '</c><c t="str"><f>CONCAT("Ra","tio")</f><v>Ratio</v></c><c/><c t="b"><v>0</v></c>'
    '<c><v>0.10000000000000001</v></c></row>')
write_raw_xlsx("cells.xlsx", [("Notes", "sheet9.xml", sheet_xml('<row r="1"><c r="A1" '
                                                                 't="inlineStr"><is><t>x</t>'
                                                                 '</is></c></row>')),
                              ("SURVEY", "sheet2.xml", CELLS_SURVEY)], shared=SHARED)

write_raw_xlsx("bad_xml.xlsx", [("survey", "sheet1.xml",
                                 f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1">'
                                 '<c r="A1" t="inlineStr"><is><t>type</t></is></c></sheetData>')])
write_raw_xlsx("dtd.xlsx", [("survey", "sheet1.xml",
                             '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                             '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                             f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr">'
                             '<is><t>&lol2;</t></is></c></row></sheetData></worksheet>')])
write_raw_xlsx("deep_xml.xlsx", [("survey", "sheet1.xml",
                                  f'<?xml version="1.0"?><worksheet {NS}><sheetData>'
                                  + "<x>" * 5000 + "</x>" * 5000 + "</sheetData></worksheet>")])
write_raw_xlsx("bad_shared_index.xlsx",
               [("survey", "sheet1.xml", sheet_xml('<row r="1"><c r="A1" t="s"><v>99</v></c>'
                                                   '</row>'))], shared=SHARED)
write_raw_xlsx("far_column.xlsx",
               [("survey", "sheet1.xml", sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is>'
                                                   '<t>type</t></is></c><c r="XFD1" '
                                                   't="inlineStr"><is><t>far</t></is></c>'
                                                   '</row>'))])
write_raw_xlsx("many_rows.xlsx",
               [("survey", "sheet1.xml", sheet_xml("<row/>" * 200001))])
with zipfile.ZipFile(path("no_workbook.xlsx"), "w") as z:
    z.writestr("hello.txt", "not a workbook")

# A zip bomb: a 200 MiB sheet of spaces that compresses to a few hundred KiB.
with zipfile.ZipFile(path("bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    z.writestr("_rels/.rels", ROOT_RELS)
    z.writestr("xl/workbook.xml", f'<workbook {NS} {RNS}><sheets><sheet name="survey" '
               'sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels",
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               f'relationships"><Relationship Id="rId1" Type="{REL}worksheet" '
               'Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open("xl/worksheets/sheet1.xml", "w") as f:
        block = b" " * (1024 * 1024)
        for _ in range(200):
            f.write(block)

# The same bomb, its headers lying: they say the sheet is 1000 bytes.
data = bytearray(open(path("bomb.xlsx"), "rb").read())


def patch_sizes(signature, size_offset, name_length_offset, header_length):
    start = 0
    while True:
        at = data.find(signature, start)
        if at < 0:
            return
        name_length = struct.unpack_from("<H", data, at + name_length_offset)[0]
        name = bytes(data[at + header_length:at + header_length + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            if struct.unpack_from("<I", data, at + size_offset)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, at + size_offset, 1000)
        start = at + 4


patch_sizes(b"PK\x03\x04", 22, 26, 30)  # local header: uncompressed size at 22
patch_sizes(b"PK\x01\x02", 24, 28, 46)  # central directory: uncompressed size at 24
open(path("bomb_lying.xlsx"), "wb").write(bytes(data))

# Not a zip at all, and a real form cut in half.
with open(path("not_a_zip.xlsx"), "w") as f:
    f.write("type,name,label\ntext,a,A\n")
household = open(path("household.xlsx"), "rb").read()
open(path("truncated.xlsx"), "wb").write(household[: len(household) // 2])
open(path("empty.xlsx"), "wb").close()

print("xlsform fixtures written to", OUT)
