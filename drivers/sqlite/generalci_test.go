package sqlite

import (
	"database/sql"
	"os"
	"strconv"
	"testing"

	_ "github.com/go-sql-driver/mysql"
)

func TestCompareGeneralCI(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"E", "é", 0}, {"ß", "s", 0}, {"Ünïcödé", "unicode", 0}, {"a ", "a", 0}, {"a\t", "a", -1},
		{"😀", "🍣", 0}, {"😀", "z", 1}, {"e\u0301", "é", 1}, {"b", "é", -1}, {"x\x00", "x", -1},
	} {
		if got := compareGeneralCI(c.a, c.b); got != c.want {
			t.Errorf("compare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := compareGeneralCI(c.b, c.a); got != -c.want {
			t.Errorf("compare(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

// TestGeneralCIWeightsMatchServer reads every BMP weight from MariaDB.
func TestGeneralCIWeightsMatchServer(t *testing.T) {
	db, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/?charset=utf8mb4")
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("MariaDB not reachable: %v", err)
		}
		t.Skipf("MariaDB is not reachable at 127.0.0.1:3306 (BLOCKSQL_REQUIRE_BACKENDS=1 makes this fail): %v", err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT seq, HEX(WEIGHT_STRING(CONVERT(CHAR(seq USING ucs2) USING utf8mb4) COLLATE utf8mb4_general_ci))
		FROM mysql.seq_0_to_65535 WHERE seq NOT BETWEEN 55296 AND 57343`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var r int64
		var hex string
		if err := rows.Scan(&r, &hex); err != nil {
			t.Fatal(err)
		}
		w, _ := strconv.ParseUint(hex, 16, 32)
		if got := generalCIWeight(rune(r)); got != rune(w) {
			t.Errorf("weight of U+%04X = %04X, MariaDB says %s", r, got, hex)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != 0x10000-0x800 {
		t.Fatalf("read %d weights: %v", n, err)
	}
}
