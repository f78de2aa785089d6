package replay

import (
	"strings"
	"testing"
)

// TestTableKeyLowersAsStringsToLower: the catalog's keys, built without a
// string for a lookup, are the database and the name lowered as
// strings.ToLower lowers them, whatever their letters.
func TestTableKeyLowersAsStringsToLower(t *testing.T) {
	names := []string{"", "t", "Shop", "ORDERS_2026", "a.b", "ÄrGER", "İstanbul", "STRASSE", "ß", "ǅ", "x\x00y", "\xff\xfeA"}
	s := newSchema()
	for _, db := range names {
		for _, name := range names {
			want := strings.ToLower(db) + "\x00" + strings.ToLower(name)
			if got := tableKey(db, name); got != want {
				t.Errorf("tableKey(%q, %q) = %q, want %q", db, name, got, want)
			}
			def := &TableDef{DB: db, Name: name}
			s.tables[want] = def
			if s.table(strings.ToUpper(db), name) != def && strings.ToLower(strings.ToUpper(db)) == strings.ToLower(db) {
				t.Errorf("table(%q, %q) does not find the table stored under %q", strings.ToUpper(db), name, want)
			}
			delete(s.tables, want)
		}
	}
}
