package postgres_test

import (
	"regexp"
	"strings"
	"testing"

	"regiepool/internal/pgtest"
)

// familyColumn matches column names that could hold family-identifying data:
// names, addresses, birth dates, BSN, phone numbers, e-mail addresses.
var familyColumn = regexp.MustCompile(`(?i)(name|naam|address|adres|street|straat|postcode|zip|woonplaats|city|birth|geboorte|bsn|burgerservice|phone|telefoon|mobiel|email|e_mail|mail)`)

// caseTable matches the tables about a family's case: every table whose
// rows describe, or belong to, a complex case.
var caseTable = regexp.MustCompile(`^(complex_case|case_.*|assignment)$`)

// TestSchema_Minimisation scans the live schema (information_schema of the
// migrated database) for two kinds of leak: a column in a case table whose
// name says it could hold family-identifying data, and a free-text column
// (text, varchar, or an array of those) without a length cap: neither a
// varchar(n) nor a CHECK constraint that bounds its length or pins it to a
// code list. New migrations that add such a column fail here.
func TestSchema_Minimisation(t *testing.T) {
	db := pgtest.NewDB(t)
	family, uncapped := scanSchema(t, db)
	if len(family) > 0 {
		t.Errorf("case tables have columns that could hold family-identifying data: %s", strings.Join(family, ", "))
	}
	if len(uncapped) > 0 {
		t.Errorf("free-text columns without a length cap (add varchar(n) or a CHECK on length): %s", strings.Join(uncapped, ", "))
	}
}

// TestSchema_MinimisationFinds: the scan reports what a careless migration
// would add, and accepts the caps it asks for.
func TestSchema_MinimisationFinds(t *testing.T) {
	db := pgtest.NewDB(t)
	if _, err := db.Exec(`CREATE TABLE case_note (id BIGINT PRIMARY KEY, case_id BIGINT, parent_name TEXT CHECK (length(parent_name) <= 100),
		body TEXT, summary VARCHAR(200), tags TEXT[], codes TEXT[] CHECK (text_array_capped(codes, 5, 20)),
		kind TEXT CHECK (kind IN ('a', 'b')), ref TEXT CHECK (ref ~ '^[A-Z]{1,10}$'), loose TEXT CHECK (loose ~ '^[a-z]+$'))`); err != nil {
		t.Fatal(err)
	}
	family, uncapped := scanSchema(t, db)
	if got := strings.Join(family, ","); got != "case_note.parent_name" {
		t.Errorf("family columns %s, want case_note.parent_name", got)
	}
	if got := strings.Join(uncapped, ","); got != "case_note.body,case_note.tags,case_note.loose" {
		t.Errorf("uncapped %s, want case_note.body,case_note.tags,case_note.loose", got)
	}
}

// scanSchema returns the family-identifying columns of case tables and the
// free-text columns without a length cap, as table.column.
func scanSchema(t *testing.T, db interface {
	Select(dest any, query string, args ...any) error
}) (family, uncapped []string) {
	t.Helper()
	var cols []struct {
		Table    string `db:"table_name"`
		Column   string `db:"column_name"`
		Type     string `db:"data_type"`
		Elem     string `db:"elem"`
		MaxLen   *int   `db:"character_maximum_length"`
		Checks   string `db:"checks"`
		Generate string `db:"is_generated"`
	}
	// The CHECK constraints of a column are those that mention it (by
	// pg_constraint.conkey); their text is searched for a length bound.
	const q = `SELECT c.table_name, c.column_name, c.data_type, COALESCE(e.data_type, '') AS elem,
			c.character_maximum_length, c.is_generated,
			COALESCE((SELECT string_agg(pg_get_constraintdef(k.oid), ' ; ')
				FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
				WHERE k.contype = 'c' AND k.conrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
				  AND a.attname = c.column_name), '') AS checks
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		LEFT JOIN information_schema.element_types e ON e.object_catalog = c.table_catalog AND e.object_schema = c.table_schema
			AND e.object_name = c.table_name AND e.object_type = 'TABLE' AND e.collection_type_identifier = c.dtd_identifier
		WHERE c.table_schema = current_schema() AND c.table_name NOT LIKE 'goose_%'
		ORDER BY c.table_name, c.ordinal_position`
	if err := db.Select(&cols, q); err != nil {
		t.Fatal(err)
	}
	if len(cols) < 50 {
		t.Fatalf("scanned only %d columns: the query misses the schema", len(cols))
	}
	for _, c := range cols {
		name := c.Table + "." + c.Column
		if caseTable.MatchString(c.Table) && familyColumn.MatchString(c.Column) {
			family = append(family, name)
		}
		if !isText(c.Type, c.Elem) || c.MaxLen != nil || c.Generate == "ALWAYS" {
			continue
		}
		if !capped(c.Column, c.Checks) {
			uncapped = append(uncapped, name)
		}
	}
	return family, uncapped
}

func isText(typ, elem string) bool {
	switch typ {
	case "text", "character varying":
		return true
	case "ARRAY":
		return elem == "text" || elem == "character varying"
	}
	return false
}

// capped reports whether one of a column's CHECK constraints bounds its
// length: length(col) <= n / BETWEEN, a code list (col = ANY (ARRAY[…]) or
// IN), an anchored pattern with a bounded repetition ({m,n}) or no
// repetition at all, or text_array_capped for an array.
func capped(col, checks string) bool {
	c := regexp.QuoteMeta(col)
	bounds := []*regexp.Regexp{
		regexp.MustCompile(`(length|char_length|octet_length)\(\(?(btrim\()?` + c + `\b[^)]*\)+(::text)?\)* (<=|<|BETWEEN)`),
		regexp.MustCompile(`\b` + c + `\b\)? = ANY \(\(?ARRAY\[`),
		regexp.MustCompile(`\b` + c + `\b \~ '\^[^'*+]*\$'`),
		// Arrays: the number of elements and the length of each
		// (text_array_capped, migration 00024).
		regexp.MustCompile(`text_array_capped\(` + c + `, \d+, \d+\)`),
	}
	for _, b := range bounds {
		if b.MatchString(checks) {
			return true
		}
	}
	return false
}
