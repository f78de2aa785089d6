package sqlite

import (
	"testing"

	"github.com/blocksql/blocksql/drivers"
)

// TestStringLiteralKeepsNumberColumnIndex: a string literal that spells an
// integer, compared with a number column, is translated as that integer,
// so SQLite looks the key up instead of comparing every row as numbers;
// other strings, and string columns, are compared as numbers.
func TestStringLiteralKeepsNumberColumnIndex(t *testing.T) {
	schema := func(string) []colInfo {
		return []colInfo{{name: "id", typ: "INT", pk: 1}, {name: "s", typ: "VARCHAR(20)"}}
	}
	for _, c := range []struct{ q, want string }{
		{"SELECT * FROM t WHERE id = '5'", "SELECT * FROM `t` WHERE `id`=5"},
		{"SELECT * FROM t WHERE id IN ('1', '2')", "SELECT * FROM `t` WHERE `id` IN (1,2)"},
		{"SELECT * FROM t WHERE id BETWEEN '1' AND '3'", "SELECT * FROM `t` WHERE `id` BETWEEN 1 AND 3"},
		// mysql_num_chk leaves the literal as it is (strict where a value is written)
		{"SELECT * FROM t WHERE id = '5.5'", "SELECT * FROM `t` WHERE (dec_cmp(`id`, mysql_num_chk('5.5', 'DECIMAL')) = 0)"},
		{"SELECT * FROM t WHERE s = 5", "SELECT * FROM `t` WHERE (dec_cmp(mysql_num(`s`, 'DECIMAL'), 5) = 0)"},
	} {
		stmt, err := drivers.Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := translateWith(stmt, schema)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got, _ := restore(n); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.q, got, c.want)
		}
	}
}
