/*
 * National code lists of the NHS Talking Therapies Data Set: the catalogue
 * behind iapt_ews.national_codes (and the per-list views over it) and the
 * functions that decode a code as a warehouse stores it.
 *
 * Warehouses hold the same code as '5', '05', ' 5 ', 5 or 05 depending on
 * how the submission was loaded, so every look-up first brings the code to
 * its canonical form (canonical_code) and then scans a small static table.
 *
 * Why C rather than an IMMUTABLE SQL CASE: these functions run once per row
 * over tens of millions of care contacts. Measured on PostgreSQL 15 over
 * 5 million text codes, serial scan (docs/codes.md, "Speed"), attended() in
 * C took 2.4-3.2 s where the same decoding as a SQL CASE over
 * lpad(btrim(code), 2, '0') took 4.5-5.1 s although it inlines; declared
 * STRICT, that SQL function does not inline at all and took 25 s.
 *
 * Unknown codes never raise: a decoding function returns NULL, and
 * is_known_code() tells an unknown code from a NULL one, so a view can leave
 * a bad row out and count it. Only an unknown code list name (a mistake in
 * the query, not in the data) raises.
 */
#include "postgres.h"

#include <ctype.h>

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "export.h"

/* How a list's codes are written, and so how input is brought to them. */
typedef enum CodeForm
{
	FORM_TWO_DIGIT,				/* numeric codes zero-padded to two digits;
								 * letters upper-cased ('ZZ') */
	FORM_SHORT,					/* letters upper-cased, numbers without
								 * leading zeros ('Y', '8', 'NA', '99') */
	FORM_SNOMED					/* SNOMED CT identifiers: 6 to 18 digits with
								 * a valid Verhoeff check digit */
} CodeForm;

/* What a code means, as the decoding functions need it. */
typedef enum CodeMeaning
{
	MEANS_ATTENDED,
	MEANS_NOT_ATTENDED,
	MEANS_ASSESSMENT,
	MEANS_TREATMENT,
	MEANS_REVIEW,
	MEANS_AFTER_DISCHARGE,
	MEANS_EMPLOYMENT_SUPPORT,
	MEANS_FACE_TO_FACE,
	MEANS_NOT_FACE_TO_FACE,
	MEANS_NOT_SEEN,
	MEANS_SEEN_NOT_TREATED,
	MEANS_SEEN_AND_TREATED,
	MEANS_EMPLOYED,
	MEANS_NOT_EMPLOYED,
	MEANS_YES,
	MEANS_NO,
	MEANS_NOT_APPLICABLE,
	MEANS_NOT_STATED,
	MEANS_NOT_KNOWN,
	MEANS_WHITE_BRITISH,
	MEANS_WHITE_OTHER,
	MEANS_MIXED,
	MEANS_ASIAN,
	MEANS_BLACK,
	MEANS_OTHER_ETHNIC_GROUP,
	MEANS_ETHNICITY_NOT_STATED,
	MEANS_PHQ9,
	MEANS_GAD7,
	MEANS_LOW_INTENSITY,
	MEANS_HIGH_INTENSITY,
	MEANS_COUNT
} CodeMeaning;

/* The category column of iapt_ews.national_codes, one per meaning. */
static const char *const meaning_labels[MEANS_COUNT] = {
	[MEANS_ATTENDED] = "attended",
	[MEANS_NOT_ATTENDED] = "not attended",
	[MEANS_ASSESSMENT] = "assessment",
	[MEANS_TREATMENT] = "treatment",
	[MEANS_REVIEW] = "review without treatment",
	[MEANS_AFTER_DISCHARGE] = "after discharge",
	[MEANS_EMPLOYMENT_SUPPORT] = "employment support",
	[MEANS_FACE_TO_FACE] = "face to face",
	[MEANS_NOT_FACE_TO_FACE] = "not face to face",
	[MEANS_NOT_SEEN] = "referred, not seen",
	[MEANS_SEEN_NOT_TREATED] = "seen, not treated",
	[MEANS_SEEN_AND_TREATED] = "seen and treated",
	[MEANS_EMPLOYED] = "employed",
	[MEANS_NOT_EMPLOYED] = "not employed",
	[MEANS_YES] = "yes",
	[MEANS_NO] = "no",
	[MEANS_NOT_APPLICABLE] = "not applicable",
	[MEANS_NOT_STATED] = "not stated",
	[MEANS_NOT_KNOWN] = "not known",
	[MEANS_WHITE_BRITISH] = "White",
	[MEANS_WHITE_OTHER] = "White",
	[MEANS_MIXED] = "Mixed",
	[MEANS_ASIAN] = "Asian or Asian British",
	[MEANS_BLACK] = "Black or Black British",
	[MEANS_OTHER_ETHNIC_GROUP] = "Other Ethnic Groups",
	[MEANS_ETHNICITY_NOT_STATED] = "Not stated/Not known",
	[MEANS_PHQ9] = "phq9",
	[MEANS_GAD7] = "gad7",
	[MEANS_LOW_INTENSITY] = "low",
	[MEANS_HIGH_INTENSITY] = "high",
};

typedef struct NationalCode
{
	const char *code;			/* canonical form */
	const char *description;
	CodeMeaning meaning;
	const char *versions;		/* data set versions, NULL: every version */
	const char *source;
} NationalCode;

/* NHS England's public SQL (repository nhsengland/Talking-Therapies). */
#define KM "KM monthly update.sql, line "
#define PDT_APPS "2.13 Dashboard_Apps_Primary_Loop.sql, line "
#define PDT_CONTACTS "2.10 CareContactMethod.sql, line "
#define PDT_CONSMECH "2.17 ConsMech_Ethnicity_InvalidCodes.sql, line "
#define PDT_REPEAT "2.14 Repeat_Referrals.sql, line "
#define PREF_LANG "20231128_Preferred_Languages_All_Tables.sql, line "
#define PROT_CHAR "20231128_Protected_Characteristics_Main_Averages_and_PEQs.sql, line "
#define EMPLOYMENT "Employment Support and Student Dashboard/Monthly/Step 1.1.sql, line "
#define DD_ATTEND "NHS Data Dictionary, ATTENDED OR DID NOT ATTEND; "
#define TOS_APPTYPE "NHS Digital, IAPT data set v2 technical output specification, APPOINTMENT TYPE; "
#define METADATA "NHS Digital, IAPT v2.0 monthly metadata"
#define MHSDS_ASSESSMENTS "NHS Digital, MHSDS assessment reference list (SNOMED CT coded assessment tools)"

static const NationalCode attendance_codes[] = {
	{"02", "Appointment cancelled by, or on behalf of, the patient", MEANS_NOT_ATTENDED, NULL,
	DD_ATTEND PDT_CONSMECH "44 (AptCancelledPatient)"},
	{"03", "Did not attend - no advance warning given", MEANS_NOT_ATTENDED, NULL,
	DD_ATTEND PDT_CONSMECH "45 (AptDNA)"},
	{"04", "Appointment cancelled or postponed by the health care provider", MEANS_NOT_ATTENDED, NULL,
	DD_ATTEND PDT_CONSMECH "46 (AptCancelledProvider)"},
	{"05", "Attended on time or, if late, before the relevant care professional was ready to see the patient", MEANS_ATTENDED, NULL,
	DD_ATTEND PDT_CONSMECH "47 (AptAttended); counted as attended in " PDT_CONTACTS "36"},
	{"06", "Arrived late, after the relevant care professional was ready to see the patient, but was seen", MEANS_ATTENDED, NULL,
	DD_ATTEND PDT_CONSMECH "48 (AptAttendedLate); counted as attended in " PDT_CONTACTS "36"},
	{"07", "Patient arrived late and could not be seen", MEANS_NOT_ATTENDED, NULL,
	DD_ATTEND PDT_CONSMECH "49 (AptLateNotSeen)"},
};

static const NationalCode appointment_type_codes[] = {
	{"01", "Assessment", MEANS_ASSESSMENT, NULL,
	TOS_APPTYPE "not a treatment appointment: " PREF_LANG "139 counts 02, 03 and 05"},
	{"02", "Treatment", MEANS_TREATMENT, NULL, TOS_APPTYPE PREF_LANG "139; " METADATA " (AppType = 02 or 03 or 05)"},
	{"03", "Assessment and treatment", MEANS_TREATMENT, NULL, TOS_APPTYPE PREF_LANG "139; " METADATA " (AppType = 02 or 03 or 05)"},
	{"04", "Review and no treatment", MEANS_REVIEW, NULL,
	TOS_APPTYPE "not a treatment appointment: " PREF_LANG "139 counts 02, 03 and 05"},
	{"05", "Review and treatment", MEANS_TREATMENT, NULL, TOS_APPTYPE PREF_LANG "139; " METADATA " (AppType = 02 or 03 or 05)"},
	{"06", "Follow-up appointment after discharge", MEANS_AFTER_DISCHARGE, NULL,
	TOS_APPTYPE EMPLOYMENT "38 (AppType 06 dated after the discharge date); " METADATA " (follow up: AppType 06 after ServDischDate)"},
	{"10", "Employment support", MEANS_EMPLOYMENT_SUPPORT, "v2.1 and later",
	TOS_APPTYPE EMPLOYMENT "42 (AppType 10 counted as an employment support appointment)"},
};

/*
 * ConsMechanism from April 2022 (data set v2.1); ConsMediumUsed before it
 * (v2.0), which also had 03, 06 and 08. NHS England's key metrics count 01
 * as face to face and every other v2.1 code as not (KM lines 174 and 177).
 */
static const NationalCode consultation_mechanism_codes[] = {
	{"01", "Face to face communication", MEANS_FACE_TO_FACE, NULL,
	PDT_CONSMECH "54; F2FApts in " KM "174"},
	{"02", "Telephone", MEANS_NOT_FACE_TO_FACE, NULL, PDT_CONSMECH "58; NonF2FApts in " KM "177"},
	{"03", "Telemedicine web camera", MEANS_NOT_FACE_TO_FACE, "v2.0 only", PDT_CONSMECH "62"},
	{"04", "Talk type for a person unable to speak", MEANS_NOT_FACE_TO_FACE, NULL,
	PDT_CONSMECH "66; NonF2FApts in " KM "177"},
	{"05", "Email", MEANS_NOT_FACE_TO_FACE, NULL, PDT_CONSMECH "70; NonF2FApts in " KM "177"},
	{"06", "Short Message Service (SMS)", MEANS_NOT_FACE_TO_FACE, "v2.0 only", PDT_CONSMECH "74"},
	{"08", "Online Instant Messaging", MEANS_NOT_FACE_TO_FACE, "v2.0 only", PDT_CONSMECH "82"},
	{"09", "Text Message (Asynchronous)", MEANS_NOT_FACE_TO_FACE, "v2.1 and later",
	PDT_CONSMECH "86; NonF2FApts in " KM "177"},
	{"10", "Instant messaging (Synchronous)", MEANS_NOT_FACE_TO_FACE, "v2.1 and later",
	PDT_CONSMECH "90; NonF2FApts in " KM "177"},
	{"11", "Video consultation", MEANS_NOT_FACE_TO_FACE, "v2.1 and later",
	PDT_CONSMECH "94; NonF2FApts in " KM "177"},
	{"12", "Message Board (Asynchronous)", MEANS_NOT_FACE_TO_FACE, "v2.1 and later",
	PDT_CONSMECH "98; NonF2FApts in " KM "177"},
	{"13", "Chat Room (Synchronous)", MEANS_NOT_FACE_TO_FACE, "v2.1 and later",
	PDT_CONSMECH "102; NonF2FApts in " KM "177"},
	{"98", "Other (not listed)", MEANS_NOT_FACE_TO_FACE, NULL, PDT_CONSMECH "78; NonF2FApts in " KM "177"},
};

/*
 * The v2 list and its three groups are NHS England's (Preferred Languages
 * script, lines 480-498); 15, 41, 45, 97 and 98 appear only in the Repeat
 * Referrals script's older list and not in the v2 one, and 40, 42-44 are
 * marked "v1.5 (Not used)" there.
 */
static const NationalCode end_codes[] = {
	{"10", "Not suitable for IAPT service - no action taken or directed back to referrer", MEANS_SEEN_NOT_TREATED, NULL, PREF_LANG "483"},
	{"11", "Not suitable for IAPT service - signposted elsewhere with mutual agreement of patient", MEANS_SEEN_NOT_TREATED, NULL, PREF_LANG "484"},
	{"12", "Discharged by mutual agreement following advice and support", MEANS_SEEN_NOT_TREATED, NULL, PREF_LANG "485"},
	{"13", "Referred to another therapy service by mutual agreement", MEANS_SEEN_NOT_TREATED, NULL, PREF_LANG "486"},
	{"14", "Suitable for IAPT service, but patient declined treatment that was offered", MEANS_SEEN_NOT_TREATED, NULL, PREF_LANG "487"},
	{"15", "Deceased, assessed only", MEANS_SEEN_NOT_TREATED, "v1.5", PDT_REPEAT "153"},
	{"16", "Incomplete assessment (patient dropped out)", MEANS_SEEN_NOT_TREATED, "v2.0 and later", PREF_LANG "488"},
	{"17", "Deceased (seen but not taken on for a course of treatment)", MEANS_SEEN_NOT_TREATED, "v2.0 and later", PREF_LANG "489"},
	{"40", "Stepped up", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "155; " PREF_LANG "498"},
	{"41", "Stepped down", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "156"},
	{"42", "Completed", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "157; " PREF_LANG "498"},
	{"43", "Dropped out", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "158; " PREF_LANG "498"},
	{"44", "Referred to a non-IAPT service", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "159; " PREF_LANG "498"},
	{"45", "Deceased, treated", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "160"},
	{"46", "Mutually agreed completion of treatment", MEANS_SEEN_AND_TREATED, "v2.0 and later", PREF_LANG "492"},
	{"47", "Termination of treatment earlier than care professional planned", MEANS_SEEN_AND_TREATED, "v2.0 and later", PREF_LANG "493"},
	{"48", "Termination of treatment earlier than patient requested", MEANS_SEEN_AND_TREATED, "v2.0 and later", PREF_LANG "494"},
	{"49", "Deceased (seen and taken on for a course of treatment)", MEANS_SEEN_AND_TREATED, "v2.0 and later", PREF_LANG "495"},
	{"50", "Not assessed", MEANS_NOT_SEEN, "v2.0 and later", PREF_LANG "481"},
	{"95", "Not known (seen but not taken on for a course of treatment)", MEANS_SEEN_NOT_TREATED, "v2.0 and later", PREF_LANG "490"},
	{"96", "Not known (seen and taken on for a course of treatment)", MEANS_SEEN_AND_TREATED, "v2.0 and later", PREF_LANG "496"},
	{"97", "Not known, assessed only", MEANS_SEEN_NOT_TREATED, "v1.5", PDT_REPEAT "154"},
	{"98", "Not known, treated", MEANS_SEEN_AND_TREATED, "v1.5", PDT_REPEAT "161"},
};

static const NationalCode employment_status_codes[] = {
	{"01", "Employed", MEANS_EMPLOYED, NULL, EMPLOYMENT "88"},
	{"02", "Unemployed and actively seeking work", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "89"},
	{"03", "Undertaking full (at least 16 hours per week) or part-time (less than 16 hours per week) education or training as a student and not working or actively seeking work", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "90"},
	{"04", "Long-term sick or disabled, those receiving government sickness and disability benefits", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "91"},
	{"05", "Looking after the family or home as a homemaker and not working or actively seeking work", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "92"},
	{"06", "Not receiving government sickness and disability benefits and not working or actively seeking work", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "93"},
	{"07", "Unpaid voluntary work and not working or actively seeking work", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "94"},
	{"08", "Retired", MEANS_NOT_EMPLOYED, NULL, EMPLOYMENT "95"},
	{"ZZ", "Not stated (person asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "96"},
};

static const NationalCode self_employment_codes[] = {
	{"8", "Not applicable (person is unemployed)", MEANS_NOT_APPLICABLE, NULL, EMPLOYMENT "110"},
	{"N", "No - not self-employed", MEANS_NO, NULL, EMPLOYMENT "109"},
	{"X", "Not known (not recorded)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "112"},
	{"Y", "Yes - employed as a self-employed worker", MEANS_YES, NULL, EMPLOYMENT "108"},
	{"Z", "Not stated (person asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "111"},
};

static const NationalCode sickness_absence_codes[] = {
	{"8", "Not applicable (person is unemployed)", MEANS_NOT_APPLICABLE, NULL, EMPLOYMENT "117"},
	{"N", "No - a person in employment is not currently unable to work due to sickness", MEANS_NO, NULL, EMPLOYMENT "116"},
	{"X", "Not known (not recorded)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "119"},
	{"Y", "Yes - a person in employment is currently unable to work due to sickness", MEANS_YES, NULL, EMPLOYMENT "115"},
	{"Z", "Not stated (person asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "118"},
};

/* Line 125 of the script tests SickAbsenceInd for Z where SSPInd is meant. */
static const NationalCode statutory_sick_pay_codes[] = {
	{"N", "No - the person is currently not in receipt of Statutory Sick Pay", MEANS_NO, NULL, EMPLOYMENT "123"},
	{"U", "Unknown (person asked and does not know or is not sure)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "124"},
	{"Y", "Yes - the person is currently in receipt of Statutory Sick Pay", MEANS_YES, NULL, EMPLOYMENT "122"},
	{"Z", "Not stated (person asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "125"},
};

static const NationalCode benefit_codes[] = {
	{"N", "No - the patient is not currently in receipt of a benefit", MEANS_NO, NULL, EMPLOYMENT "129"},
	{"U", "Unknown (patient asked and does not know or is not sure)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "130"},
	{"Y", "Yes - the patient is currently in receipt of a benefit", MEANS_YES, NULL, EMPLOYMENT "128"},
	{"Z", "Not stated (patient asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "131"},
};

static const NationalCode esa_codes[] = {
	{"N", "No - not receiving Employment and Support Allowance", MEANS_NO, NULL, EMPLOYMENT "135"},
	{"U", "Unknown (patient asked and does not know or is not sure)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "136"},
	{"Y", "Yes - receiving Employment and Support Allowance", MEANS_YES, NULL, EMPLOYMENT "134"},
	{"Z", "Not stated (patient asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "137"},
};

static const NationalCode universal_credit_codes[] = {
	{"N", "No - not receiving Universal Credit", MEANS_NO, NULL, EMPLOYMENT "141"},
	{"U", "Unknown (patient asked and does not know or is not sure)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "142"},
	{"Y", "Yes - receiving Universal Credit", MEANS_YES, NULL, EMPLOYMENT "140"},
	{"Z", "Not stated (patient asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "143"},
};

static const NationalCode pip_codes[] = {
	{"N", "No - not receiving Personal Independence Payment", MEANS_NO, NULL, EMPLOYMENT "147"},
	{"U", "Unknown (patient asked and does not know or is not sure)", MEANS_NOT_KNOWN, NULL, EMPLOYMENT "148"},
	{"Y", "Yes - receiving Personal Independence Payment", MEANS_YES, NULL, EMPLOYMENT "146"},
	{"Z", "Not stated (patient asked but declined to provide a response)", MEANS_NOT_STATED, NULL, EMPLOYMENT "149"},
};

static const NationalCode employment_support_codes[] = {
	{"N", "No - the patient is not a suitable candidate for referral to Employment Support", MEANS_NO, NULL, EMPLOYMENT "153"},
	{"NA", "Not applicable", MEANS_NOT_APPLICABLE, NULL, EMPLOYMENT "154"},
	{"Y", "Yes - the patient is a suitable candidate for referral to Employment Support", MEANS_YES, NULL, EMPLOYMENT "152"},
};

/*
 * Descriptions: the Protected Characteristics script's detailed ethnicity
 * (lines 57-78); groups: the PDT script (lines 37-42), which keeps Z and 99
 * apart as not stated / not known, as the published statistics do.
 */
#define ETHNIC(line, group_line) PROT_CHAR line "; group: " PDT_CONSMECH group_line
static const NationalCode ethnic_category_codes[] = {
	{"99", "Not known", MEANS_ETHNICITY_NOT_STATED, NULL, ETHNIC("78", "42")},
	{"A", "White British", MEANS_WHITE_BRITISH, NULL, ETHNIC("57", "37") "; White British: " PROT_CHAR "42"},
	{"B", "White Irish", MEANS_WHITE_OTHER, NULL, ETHNIC("58", "37")},
	{"C", "Any other White background", MEANS_WHITE_OTHER, NULL, ETHNIC("59", "37")},
	{"D", "White and Black Caribbean", MEANS_MIXED, NULL, ETHNIC("61", "38")},
	{"E", "White and Black African", MEANS_MIXED, NULL, ETHNIC("62", "38")},
	{"F", "White and Asian", MEANS_MIXED, NULL, ETHNIC("63", "38")},
	{"G", "Any other mixed background", MEANS_MIXED, NULL, ETHNIC("64", "38")},
	{"H", "Indian", MEANS_ASIAN, NULL, ETHNIC("66", "39")},
	{"J", "Pakistani", MEANS_ASIAN, NULL, ETHNIC("67", "39")},
	{"K", "Bangladeshi", MEANS_ASIAN, NULL, ETHNIC("68", "39")},
	{"L", "Any other Asian background", MEANS_ASIAN, NULL, ETHNIC("69", "39")},
	{"M", "Caribbean", MEANS_BLACK, NULL, ETHNIC("71", "40")},
	{"N", "African", MEANS_BLACK, NULL, ETHNIC("72", "40")},
	{"P", "Any other Black background", MEANS_BLACK, NULL, ETHNIC("73", "40")},
	{"R", "Chinese", MEANS_OTHER_ETHNIC_GROUP, NULL, ETHNIC("75", "41")},
	{"S", "Any other ethnic group", MEANS_OTHER_ETHNIC_GROUP, NULL, ETHNIC("76", "41")},
	{"Z", "Not stated", MEANS_ETHNICITY_NOT_STATED, NULL, ETHNIC("77", "42")},
};

/*
 * Only codes with a public NHS source: NHS England's scripts use no
 * CodedAssToolType code for an anxiety disorder specific measure, so those
 * are left out until one is found (docs/codes.md).
 */
static const NationalCode assessment_tool_codes[] = {
	{"445455005", "Generalised Anxiety Disorder 7 item score (GAD-7)", MEANS_GAD7, NULL, MHSDS_ASSESSMENTS},
	{"720433000", "Patient Health Questionnaire Nine Item score (PHQ-9)", MEANS_PHQ9, NULL, MHSDS_ASSESSMENTS},
};

/* Intensity: KM line 163 (LIApts) and 167 (HIApts); names: PDT script. */
#define LOW(line) "low intensity: " KM "163; name: " PDT_APPS line
#define HIGH(line) "high intensity: " KM "167; name: " PDT_APPS line
static const NationalCode procedure_codes[] = {
	{"1026111000000108", "Other low intensity intervention", MEANS_LOW_INTENSITY, NULL, LOW("59 (OtherLIApts)")},
	{"1026131000000100", "Other high intensity intervention", MEANS_HIGH_INTENSITY, NULL, HIGH("81 (OtherHIApts)")},
	{"1098051000000103", "Employment support", MEANS_EMPLOYMENT_SUPPORT, NULL,
	"neither list in " KM "163-171; name: " PDT_APPS "90 (ESApts); employment support in " EMPLOYMENT "35"},
	{"1127281000000100", "Applied relaxation", MEANS_HIGH_INTENSITY, NULL, HIGH("64 (AppRelaxApts)")},
	{"1129471000000105", "Couples therapy for depression", MEANS_HIGH_INTENSITY, NULL, HIGH("69 (CoupleTherapyDepApts)")},
	{"199314001", "Antenatal or postnatal counselling", MEANS_LOW_INTENSITY, NULL, LOW("55 (AntePostNatalCounselApts)")},
	{"286711000000107", "Counselling for depression", MEANS_HIGH_INTENSITY, NULL, HIGH("73 (CounselDepApts)")},
	{"304891004", "Cognitive behavioural therapy", MEANS_HIGH_INTENSITY, NULL, HIGH("86 (CBTApts)")},
	{"314034001", "Brief psychodynamic psychotherapy", MEANS_HIGH_INTENSITY, NULL, HIGH("75 (BPDApts)")},
	{"443730003", "Interpersonal psychotherapy", MEANS_HIGH_INTENSITY, NULL, HIGH("88 (IPTApts)")},
	{"449030000", "Eye movement desensitisation and reprocessing", MEANS_HIGH_INTENSITY, NULL, HIGH("77 (EyeMoveDesenReproApts)")},
	{"702545008", "Psychoeducational peer support", MEANS_LOW_INTENSITY, NULL, LOW("57 (PsychoEducPeerSuppApts)")},
	{"748041000000107", "Guided self-help (computer)", MEANS_LOW_INTENSITY, NULL, LOW("46 (GuideSelfHelpCompApts)")},
	{"748051000000105", "Guided self-help (book)", MEANS_LOW_INTENSITY, NULL, LOW("42 (GuideSelfHelpBookApts)")},
	{"748061000000108", "Structured physical activity", MEANS_LOW_INTENSITY, NULL, LOW("53 (StructPhysActApts)")},
	{"748091000000102", "Non-guided self-help (computer)", MEANS_LOW_INTENSITY, NULL, LOW("48 (NonGuideSelfHelpCompApts)")},
	{"748101000000105", "Non-guided self-help (book)", MEANS_LOW_INTENSITY, NULL, LOW("44 (NonGuideSelfHelpBookApts)")},
	{"842901000000108", "Collaborative care", MEANS_HIGH_INTENSITY, NULL, HIGH("71 (CollabCareApts)")},
	{"933221000000107", "Mindfulness", MEANS_HIGH_INTENSITY, NULL, HIGH("79 (MindfulApts)")},
	{"975131000000104", "Signposting", MEANS_LOW_INTENSITY, NULL, LOW("92 (Signposting)")},
};

typedef enum CodeListId
{
	LIST_ATTENDANCE,
	LIST_APPOINTMENT_TYPE,
	LIST_CONSULTATION_MECHANISM,
	LIST_END_CODE,
	LIST_EMPLOYMENT_STATUS,
	LIST_SELF_EMPLOYMENT,
	LIST_SICKNESS_ABSENCE,
	LIST_STATUTORY_SICK_PAY,
	LIST_BENEFIT,
	LIST_ESA,
	LIST_UNIVERSAL_CREDIT,
	LIST_PIP,
	LIST_EMPLOYMENT_SUPPORT,
	LIST_ETHNIC_CATEGORY,
	LIST_ASSESSMENT_TOOL,
	LIST_PROCEDURE,
	LIST_COUNT
} CodeListId;

typedef struct CodeList
{
	const char *name;			/* the data set's field name */
	const char *alias;			/* another name a warehouse uses, or NULL */
	CodeForm	form;
	const NationalCode *codes;
	int			count;
} CodeList;

#define LIST(name, alias, form, codes) {name, alias, form, codes, lengthof(codes)}
static const CodeList code_lists[LIST_COUNT] = {
	[LIST_ATTENDANCE] = LIST("AttendOrDNACode", NULL, FORM_TWO_DIGIT, attendance_codes),
	[LIST_APPOINTMENT_TYPE] = LIST("AppType", NULL, FORM_TWO_DIGIT, appointment_type_codes),
	[LIST_CONSULTATION_MECHANISM] = LIST("ConsMechanism", "ConsMediumUsed", FORM_TWO_DIGIT, consultation_mechanism_codes),
	[LIST_END_CODE] = LIST("EndCode", NULL, FORM_TWO_DIGIT, end_codes),
	[LIST_EMPLOYMENT_STATUS] = LIST("EmployStatus", NULL, FORM_TWO_DIGIT, employment_status_codes),
	[LIST_SELF_EMPLOYMENT] = LIST("SelfEmployInd", NULL, FORM_SHORT, self_employment_codes),
	[LIST_SICKNESS_ABSENCE] = LIST("SickAbsenceInd", NULL, FORM_SHORT, sickness_absence_codes),
	[LIST_STATUTORY_SICK_PAY] = LIST("SSPInd", NULL, FORM_SHORT, statutory_sick_pay_codes),
	[LIST_BENEFIT] = LIST("BenefitRecInd", NULL, FORM_SHORT, benefit_codes),
	[LIST_ESA] = LIST("ESAInd", NULL, FORM_SHORT, esa_codes),
	[LIST_UNIVERSAL_CREDIT] = LIST("UCInd", NULL, FORM_SHORT, universal_credit_codes),
	[LIST_PIP] = LIST("PIPInd", NULL, FORM_SHORT, pip_codes),
	[LIST_EMPLOYMENT_SUPPORT] = LIST("EmpSupportInd", NULL, FORM_SHORT, employment_support_codes),
	[LIST_ETHNIC_CATEGORY] = LIST("Validated_EthnicCategory", "EthnicCategory", FORM_SHORT, ethnic_category_codes),
	[LIST_ASSESSMENT_TOOL] = LIST("CodedAssToolType", NULL, FORM_SNOMED, assessment_tool_codes),
	[LIST_PROCEDURE] = LIST("CodeProcAndProcStatus", NULL, FORM_SNOMED, procedure_codes),
};

#define KNOWN_LISTS "AttendOrDNACode, AppType, ConsMechanism (or ConsMediumUsed), EndCode, EmployStatus, SelfEmployInd, SickAbsenceInd, SSPInd, BenefitRecInd, ESAInd, UCInd, PIPInd, EmpSupportInd, Validated_EthnicCategory (or EthnicCategory), CodedAssToolType, CodeProcAndProcStatus"

/* Longest input kept after trimming: an 18-digit SNOMED CT identifier. */
#define CANONICAL_MAX 18

/*
 * The Verhoeff check digit every SNOMED CT identifier ends with: a mistyped
 * identifier (one wrong digit, two adjacent digits swapped) fails it.
 */
static bool
verhoeff_valid(const char *digits, int len)
{
	static const uint8 d[10][10] = {
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
	static const uint8 p[8][10] = {
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
	int			check = 0;

	for (int i = 0; i < len; i++)
		check = d[check][p[i % 8][digits[len - 1 - i] - '0']];
	return check == 0;
}

/*
 * Bring a code as stored to the list's canonical form in out (at least
 * CANONICAL_MAX + 1 bytes): blanks trimmed, letters upper-cased, leading
 * zeros of a number dropped and, for two-digit lists, one put back.
 * False when the input cannot be a code of this form.
 */
static bool
canonical_code(CodeForm form, const char *s, int len, char *out)
{
	bool		all_digits = true;

	while (len > 0 && isspace((unsigned char) *s))
		s++, len--;
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	if (len == 0)
		return false;
	for (int i = 0; i < len && all_digits; i++)
		all_digits = (s[i] >= '0' && s[i] <= '9');

	if (!all_digits)
	{
		if (form == FORM_SNOMED || len > 2)
			return false;
		for (int i = 0; i < len; i++)
			out[i] = pg_ascii_toupper((unsigned char) s[i]);
		out[len] = '\0';
		return true;
	}

	while (len > 1 && *s == '0')
		s++, len--;
	if (len > CANONICAL_MAX)
		return false;
	if (form == FORM_SNOMED && (len < 6 || *s == '0' || !verhoeff_valid(s, len)))
		return false;
	if (form == FORM_TWO_DIGIT && len == 1)
		*out++ = '0';
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

static const NationalCode *
find_code(CodeListId list, const char *s, int len)
{
	const CodeList *l = &code_lists[list];
	char		code[CANONICAL_MAX + 1];

	if (!canonical_code(l->form, s, len, code))
		return NULL;
	for (int i = 0; i < l->count; i++)
		if (strcmp(l->codes[i].code, code) == 0)
			return &l->codes[i];
	return NULL;
}

static const NationalCode *
find_code_text(CodeListId list, text *code)
{
	return find_code(list, VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
}

static const NationalCode *
find_code_int(CodeListId list, int64 code)
{
	char		digits[MAXINT8LEN + 1];

	if (code < 0)
		return NULL;
	return find_code(list, digits, pg_lltoa(code, digits));
}

/* A list by its data set field name (case-insensitive); unknown raises. */
static CodeListId
code_list_named(text *name)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);

	for (int id = 0; id < LIST_COUNT; id++)
	{
		const CodeList *l = &code_lists[id];

		if (((int) strlen(l->name) == len && pg_strncasecmp(l->name, s, len) == 0) ||
			(l->alias && (int) strlen(l->alias) == len && pg_strncasecmp(l->alias, s, len) == 0))
			return (CodeListId) id;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown code list \"%.*s\"", len, s),
			 errdetail("A code list is named by its NHS Talking Therapies Data Set field."),
			 errhint("Known code lists: " KNOWN_LISTS ".")));
	pg_unreachable();
}

static const NationalCode *
find_code_in_named_list(FunctionCallInfo fcinfo, bool integer_code)
{
	CodeListId	list = code_list_named(PG_GETARG_TEXT_PP(0));

	return integer_code ? find_code_int(list, PG_GETARG_INT64(1))
		: find_code_text(list, PG_GETARG_TEXT_PP(1));
}

/* ---------------------------------------------------------------------------
 * The catalogue
 * ------------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(iapt_national_code_catalogue);
Datum
iapt_national_code_catalogue(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int id = 0; id < LIST_COUNT; id++)
	{
		const CodeList *l = &code_lists[id];

		for (int i = 0; i < l->count; i++)
		{
			const NationalCode *c = &l->codes[i];
			Datum		values[6];
			bool		nulls[6] = {0};

			values[0] = CStringGetTextDatum(l->name);
			values[1] = CStringGetTextDatum(c->code);
			values[2] = CStringGetTextDatum(c->description);
			values[3] = CStringGetTextDatum(meaning_labels[c->meaning]);
			if (c->versions)
				values[4] = CStringGetTextDatum(c->versions);
			else
				nulls[4] = true;
			values[5] = CStringGetTextDatum(c->source);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/* ---------------------------------------------------------------------------
 * Any list: canonical form, known or not, description. Each has a text and
 * an integer (int8) form, generated together so the two cannot drift apart.
 * ------------------------------------------------------------------------- */

static Datum
canonical_code_of(FunctionCallInfo fcinfo, const NationalCode *c)
{
	if (c == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(c->code));
}

static Datum
description_of(FunctionCallInfo fcinfo, const NationalCode *c)
{
	if (c == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(c->description));
}

static Datum
known(FunctionCallInfo fcinfo, const NationalCode *c)
{
	PG_RETURN_BOOL(c != NULL);
}

#define NAMED_LIST_FORMS(fname, result) \
PG_FUNCTION_INFO_V1(fname); \
Datum fname(PG_FUNCTION_ARGS) \
{ \
	return result(fcinfo, find_code_in_named_list(fcinfo, false)); \
} \
PG_FUNCTION_INFO_V1(fname##_int); \
Datum fname##_int(PG_FUNCTION_ARGS) \
{ \
	return result(fcinfo, find_code_in_named_list(fcinfo, true)); \
}

NAMED_LIST_FORMS(iapt_national_code, canonical_code_of)
NAMED_LIST_FORMS(iapt_is_known_code, known)
NAMED_LIST_FORMS(iapt_code_description, description_of)

/* ---------------------------------------------------------------------------
 * One list each. Every decoder has a text form and an integer (int8) form,
 * defined together so the two cannot drift apart.
 * ------------------------------------------------------------------------- */

/* The text and integer forms of a decoder of one list. */
#define ONE_LIST_FORMS(fname, list, result) \
PG_FUNCTION_INFO_V1(fname); \
Datum fname(PG_FUNCTION_ARGS) \
{ \
	return result(fcinfo, find_code_text(list, PG_GETARG_TEXT_PP(0))); \
} \
PG_FUNCTION_INFO_V1(fname##_int); \
Datum fname##_int(PG_FUNCTION_ARGS) \
{ \
	return result(fcinfo, find_code_int(list, PG_GETARG_INT64(0))); \
}

/* The category label of a code; NULL for an unknown one. */
static Datum
label_of(FunctionCallInfo fcinfo, const NationalCode *c)
{
	if (c == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(meaning_labels[c->meaning]));
}

/* Whether a code means the one thing asked; NULL for an unknown code. */
#define MEANS(name, wanted) \
static Datum \
name(FunctionCallInfo fcinfo, const NationalCode *c) \
{ \
	if (c == NULL) \
		PG_RETURN_NULL(); \
	PG_RETURN_BOOL(c->meaning == (wanted)); \
}

MEANS(means_attended, MEANS_ATTENDED)
MEANS(means_treatment, MEANS_TREATMENT)
MEANS(means_employment_support, MEANS_EMPLOYMENT_SUPPORT)
MEANS(means_face_to_face, MEANS_FACE_TO_FACE)

ONE_LIST_FORMS(iapt_attended, LIST_ATTENDANCE, means_attended)
ONE_LIST_FORMS(iapt_is_treatment_appointment, LIST_APPOINTMENT_TYPE, means_treatment)
ONE_LIST_FORMS(iapt_is_employment_support_appointment, LIST_APPOINTMENT_TYPE, means_employment_support)
ONE_LIST_FORMS(iapt_is_face_to_face, LIST_CONSULTATION_MECHANISM, means_face_to_face)
ONE_LIST_FORMS(iapt_end_code_group, LIST_END_CODE, label_of)
ONE_LIST_FORMS(iapt_ethnic_group, LIST_ETHNIC_CATEGORY, label_of)
ONE_LIST_FORMS(iapt_measure_for_assessment_code, LIST_ASSESSMENT_TOOL, label_of)

/*
 * Every IDS004 indicator answers with Y, N, 8 or NA (not applicable), Z
 * (not stated), X or U (not known); the lists differ in which of these they
 * allow (iapt_ews.employment_indicator_codes), so this accepts their union.
 */
PG_FUNCTION_INFO_V1(iapt_indicator_answer);
Datum
iapt_indicator_answer(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	char		c[CANONICAL_MAX + 1];
	CodeMeaning answer;

	if (!canonical_code(FORM_SHORT, VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), c))
		PG_RETURN_NULL();
	if (strcmp(c, "Y") == 0)
		answer = MEANS_YES;
	else if (strcmp(c, "N") == 0)
		answer = MEANS_NO;
	else if (strcmp(c, "8") == 0 || strcmp(c, "NA") == 0)
		answer = MEANS_NOT_APPLICABLE;
	else if (strcmp(c, "Z") == 0)
		answer = MEANS_NOT_STATED;
	else if (strcmp(c, "X") == 0 || strcmp(c, "U") == 0)
		answer = MEANS_NOT_KNOWN;
	else
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(meaning_labels[answer]));
}

/* White British / BME / not stated, the published statistics' BME Group. */
PG_FUNCTION_INFO_V1(iapt_bme_group);
Datum
iapt_bme_group(PG_FUNCTION_ARGS)
{
	const NationalCode *c = find_code_text(LIST_ETHNIC_CATEGORY, PG_GETARG_TEXT_PP(0));

	if (c == NULL)
		PG_RETURN_NULL();
	if (c->meaning == MEANS_WHITE_BRITISH)
		PG_RETURN_TEXT_P(cstring_to_text("White British"));
	if (c->meaning == MEANS_ETHNICITY_NOT_STATED)
		PG_RETURN_TEXT_P(cstring_to_text(meaning_labels[MEANS_ETHNICITY_NOT_STATED]));
	PG_RETURN_TEXT_P(cstring_to_text("BME"));
}

/* ---------------------------------------------------------------------------
 * SNOMED CT procedures (IDS202 CodeProcAndProcStatus)
 * ------------------------------------------------------------------------- */

static Datum
intensity_of(FunctionCallInfo fcinfo, const NationalCode *c)
{
	if (c == NULL || (c->meaning != MEANS_LOW_INTENSITY && c->meaning != MEANS_HIGH_INTENSITY))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(meaning_labels[c->meaning]));
}

ONE_LIST_FORMS(iapt_procedure_intensity, LIST_PROCEDURE, intensity_of)

/*
 * Any well-formed SNOMED CT identifier is a procedure some service may
 * record, so every one but 1098051000000103 is false; NULL only for input
 * that is no SNOMED CT identifier at all (bad check digit, letters).
 */
static Datum
employment_support_procedure(FunctionCallInfo fcinfo, const char *s, int len)
{
	char		code[CANONICAL_MAX + 1];

	if (!canonical_code(FORM_SNOMED, s, len, code))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(strcmp(code, "1098051000000103") == 0);
}

PG_FUNCTION_INFO_V1(iapt_is_employment_support_procedure);
Datum
iapt_is_employment_support_procedure(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);

	return employment_support_procedure(fcinfo, VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
}

PG_FUNCTION_INFO_V1(iapt_is_employment_support_procedure_int);
Datum
iapt_is_employment_support_procedure_int(PG_FUNCTION_ARGS)
{
	int64		code = PG_GETARG_INT64(0);
	char		digits[MAXINT8LEN + 1];

	if (code < 0)
		PG_RETURN_NULL();
	return employment_support_procedure(fcinfo, digits, pg_lltoa(code, digits));
}

/* ---------------------------------------------------------------------------
 * Age bands
 * ------------------------------------------------------------------------- */

/* Ages outside this range are recording errors, not people. */
#define AGE_MAX 130

/* NHS England's dashboards: Under 18, 18-25, 26-64, 65+. */
PG_FUNCTION_INFO_V1(iapt_age_band);
Datum
iapt_age_band(PG_FUNCTION_ARGS)
{
	int32		age = PG_GETARG_INT32(0);
	const char *band;

	if (age < 0 || age > AGE_MAX)
		PG_RETURN_NULL();
	band = age < 18 ? "Under 18" : age <= 25 ? "18-25" : age <= 64 ? "26-64" : "65+";
	PG_RETURN_TEXT_P(cstring_to_text(band));
}

/* The published annual statistics' Age Group. */
PG_FUNCTION_INFO_V1(iapt_published_age_group);
Datum
iapt_published_age_group(PG_FUNCTION_ARGS)
{
	int32		age = PG_GETARG_INT32(0);
	const char *group;

	if (age < 0 || age > AGE_MAX)
		PG_RETURN_NULL();
	group = age < 18 ? "Under 18" : age <= 25 ? "18 to 25" : age <= 64 ? "26 to 64"
		: age <= 74 ? "65 to 74" : age <= 89 ? "75 to 89" : "90 and over";
	PG_RETURN_TEXT_P(cstring_to_text(group));
}
