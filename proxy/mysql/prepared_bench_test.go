package mysql_test

import (
	"database/sql"
	"fmt"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
)

// BenchmarkPointSelectPrepared is a point SELECT with an argument through
// go-sql-driver without client-side interpolation, its default: every
// query is COM_STMT_PREPARE, COM_STMT_EXECUTE and COM_STMT_CLOSE.
//
//	go test ./proxy/mysql -run '^$' -bench PointSelectPrepared -benchtime 20000x
func BenchmarkPointSelectPrepared(b *testing.B) {
	n := mysqltest.StartNode(b, mysqlfront.Config{}, "sqlite")
	db, err := sql.Open("mysql", fmt.Sprintf("root@tcp(%s)/", n.Addr))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{"CREATE DATABASE bp", "CREATE TABLE bp.t (id INT PRIMARY KEY, c VARCHAR(40), k INT)",
		"INSERT INTO bp.t VALUES (1, 'one', 10), (2, 'two', 20), (3, 'three', 30)"} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	var c string
	var k int
	b.ResetTimer()
	for i := range b.N {
		if err := db.QueryRow("SELECT c, k FROM bp.t WHERE id = ?", i%3+1).Scan(&c, &k); err != nil {
			b.Fatal(err)
		}
	}
}
