package mysql_test

import (
	"io"
	"strings"
	"testing"

	gosql "github.com/go-sql-driver/mysql"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// LOAD DATA LOCAL INFILE: the client sends the file, its rows go in as one
// chain transaction with the statement's format options applied.
func TestLoadDataLocalInfile(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.t (id INT PRIMARY KEY, name VARCHAR(20), score INT, note VARCHAR(10) DEFAULT 'none')")
	file := "id,score,name\n1,10,\"Smith, J\"\n2,\\N,plain\n3,7,\"say \"\"hi\"\"\"\n"
	gosql.RegisterReaderHandler("people", func() io.Reader { return strings.NewReader(file) })
	defer gosql.DeregisterReaderHandler("people")
	shop := n.open(t, "root", "shop", "")
	res := mustExec(t, shop, `LOAD DATA LOCAL INFILE 'Reader::people' INTO TABLE t
		FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\n'
		IGNORE 1 LINES (id, @s, name) SET score = @s * 2`)
	if n, _ := res.RowsAffected(); n != 3 {
		t.Fatalf("rows affected %d, want 3", n)
	}
	got := queryStrings(t, shop, "SELECT id, name, score, note FROM t ORDER BY id")
	want := [][]string{{"1", "Smith, J", "20", "none"}, {"2", "plain", "NULL", "none"}, {"3", `say "hi"`, "14", "none"}}
	if !equalRows(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	log := queryStrings(t, shop, "SELECT COUNT(DISTINCT tx_hash), MIN(applied_sql) FROM blocksql.statements WHERE original_sql LIKE 'LOAD DATA LOCAL%'")
	if log[0][0] != "1" || !strings.Contains(log[0][1], "Smith, J") {
		t.Fatalf("operation log %v: want one transaction whose applied SQL holds the rows", log)
	}
	_, err := shop.Exec("LOAD DATA INFILE '/etc/passwd' INTO TABLE t")
	assertCode(t, err, 1235)
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}
