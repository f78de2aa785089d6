package mysql_test

import (
	"reflect"
	"testing"
)

// TestInformationSchema: the queries ORMs (GORM's migrator, for one) and
// GUI tools send to information_schema, answered from the chain's catalog
// the same way on every backend, over the binary and text protocols.
func TestInformationSchema(t *testing.T) { forEachBackend(t, testInformationSchema) }

func testInformationSchema(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "CREATE TABLE orders (id BIGINT PRIMARY KEY, item_id INT NOT NULL, KEY by_item (item_id))")

	var count int
	if err := db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ? AND table_type = ?",
		"shop", "orders", "BASE TABLE").Scan(&count); err != nil || count != 1 {
		t.Fatalf("HasTable(orders) = %d, %v; want 1", count, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'nope'").Scan(&count); err != nil || count != 0 {
		t.Fatalf("HasTable(nope) = %d, %v; want 0", count, err)
	}
	cases := []struct {
		query string
		want  [][]string
	}{
		{"SELECT SCHEMA_NAME FROM Information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'sh%' ORDER BY SCHEMA_NAME = 'shop' DESC, SCHEMA_NAME LIMIT 1",
			[][]string{{"shop"}}},
		{"SELECT table_name, auto_increment FROM information_schema.tables WHERE table_schema = 'shop' ORDER BY table_name",
			[][]string{{"items", "1"}, {"orders", "NULL"}}},
		{"SELECT column_name, ordinal_position, is_nullable, data_type, character_maximum_length, numeric_precision, " +
			"numeric_scale, column_type, column_key, extra FROM information_schema.columns " +
			"WHERE table_schema = DATABASE() AND table_name = 'items' ORDER BY ordinal_position",
			[][]string{
				{"id", "1", "NO", "int", "NULL", "10", "0", "int(11)", "PRI", "auto_increment"},
				{"name", "2", "NO", "varchar", "64", "NULL", "NULL", "varchar(64)", "UNI", ""},
				{"qty", "3", "YES", "int", "NULL", "10", "0", "int(11)", "", ""},
				{"price", "4", "YES", "decimal", "NULL", "10", "2", "decimal(10,2)", "", ""},
				{"weight", "5", "YES", "double", "NULL", "22", "NULL", "double", "", ""},
				{"created", "6", "YES", "datetime", "NULL", "NULL", "NULL", "datetime", "", ""},
				{"note", "7", "YES", "text", "65535", "NULL", "NULL", "text", "", ""},
			}},
		{"SELECT index_name, non_unique, seq_in_index, column_name FROM information_schema.statistics " +
			"WHERE table_schema = 'shop' AND table_name = 'orders' ORDER BY index_name, seq_in_index",
			[][]string{{"PRIMARY", "0", "1", "id"}, {"by_item", "1", "1", "item_id"}}},
		{"SELECT c.constraint_name, c.constraint_type, k.column_name FROM information_schema.table_constraints c " +
			"JOIN information_schema.key_column_usage k ON k.table_schema = c.table_schema AND k.table_name = c.table_name " +
			"AND k.constraint_name = c.constraint_name WHERE c.table_name = 'items' ORDER BY c.constraint_type, c.constraint_name",
			[][]string{{"PRIMARY", "PRIMARY KEY", "id"}, {"name", "UNIQUE", "name"}}},
	}
	for _, c := range cases {
		if got := queryStrings(t, db, c.query); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s\n got %q\nwant %q", c.query, got, c.want)
		}
	}
	// The same through server-side prepared statements.
	st, err := db.Prepare("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Query("shop", "orders")
	if err != nil {
		t.Fatal(err)
	}
	if got := scanStrings(t, "prepared columns", rows); !reflect.DeepEqual(got, [][]string{{"id"}, {"item_id"}}) {
		t.Errorf("prepared COLUMNS query: %q", got)
	}

	want := [][]string{{"COLUMNS"}, {"EVENTS"}, {"KEY_COLUMN_USAGE"}, {"ROUTINES"}, {"SCHEMATA"}, {"STATISTICS"}, {"TABLES"},
		{"TABLE_CONSTRAINTS"}, {"TRIGGERS"}, {"VIEWS"}}
	if got := queryStrings(t, db, "SHOW TABLES FROM information_schema"); !reflect.DeepEqual(got, want) {
		t.Errorf("SHOW TABLES FROM information_schema = %q, want %q", got, want)
	}
	// blocksql has no triggers, routines or events: dump tools read them.
	for _, q := range []string{"SELECT trigger_name FROM information_schema.TRIGGERS WHERE event_object_table = 'items'",
		"SELECT routine_name FROM information_schema.routines", "SELECT event_name FROM information_schema.EVENTS"} {
		if got := queryStrings(t, db, q); len(got) != 0 {
			t.Errorf("%s: %q, want no rows", q, got)
		}
	}
	_, err = db.Query("SELECT * FROM information_schema.processlist")
	assertCode(t, err, 1109)
	_, err = db.Query("SELECT * FROM information_schema.tables t JOIN items i ON i.name = t.table_name")
	assertCode(t, err, 1235)
	_, err = db.Exec("DELETE FROM information_schema.tables")
	assertCode(t, err, 1044)
}
