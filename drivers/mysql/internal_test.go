package mysql

import (
	"context"
	"database/sql"
	"testing"
)

// TestInternalPreparedMatchesInterpolated: an internal INSERT run a second
// and third time in a transaction (prepared on the server, arguments in the
// binary protocol) stores exactly what its first, interpolated run stored.
func TestInternalPreparedMatchesInterpolated(t *testing.T) {
	d := openTest(t).(*Driver)
	ctx := context.Background()
	table := d.Internal("prepared_test")
	if _, err := d.db.ExecContext(ctx, "CREATE TABLE "+table+" (k INT PRIMARY KEY, a BIGINT, b INT, c TINYINT, "+
		"s VARCHAR(64), e VARCHAR(8), l LONGTEXT, n VARCHAR(8), f DOUBLE)"); err != nil {
		t.Fatal(err)
	}
	dtx, err := d.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dtx.Rollback()
	insert := "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for k := 1; k <= 3; k++ {
		if err := dtx.ExecInternal(ctx, insert, k, int64(-1)<<62, 7, true, `it's a \ "quote"`, "", "ünï 😀\n\ttab", nil, 2.5); err != nil {
			t.Fatal(err)
		}
	}
	if is := dtx.(*Tx).internal[insert]; is == nil || is.st == nil || is.uses != 3 {
		t.Fatalf("the INSERT was not prepared after its first use: %+v", is)
	}
	rows, err := dtx.QueryInternal(ctx, "SELECT CONCAT_WS('|', a, b, c, s, e, l, COALESCE(n, 'NULL'), f) FROM "+table+" ORDER BY k")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s.String)
	}
	if len(got) != 3 || got[0] != got[1] || got[1] != got[2] {
		t.Fatalf("rows differ between the interpolated and the prepared INSERTs: %q", got)
	}
}
