package mysql_test

import (
	"errors"
	"testing"

	gosql "github.com/go-sql-driver/mysql"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

func TestAuthPlugins(t *testing.T) {
	for _, plugin := range []string{"mysql_native_password", "caching_sha2_password"} {
		t.Run(plugin, func(t *testing.T) {
			n := startNode(t, mysqlfront.Config{AuthPlugin: plugin,
				Users: map[string]string{"root": "", "alice": "s3cret"}})
			cases := []struct {
				userPass string
				wantCode uint16 // 0 = connects
			}{
				{"root", 0},
				{"alice:s3cret", 0},
				{"alice:s3cret", 0}, // caching_sha2: second login takes the cached fast path
				{"alice:wrong", 1045},
				{"alice", 1045},
				{"mallory:x", 1045},
			}
			for _, c := range cases {
				db := n.open(t, c.userPass, "", "")
				var user string
				err := db.QueryRow("SELECT CURRENT_USER()").Scan(&user)
				if c.wantCode == 0 && err != nil {
					t.Fatalf("%s: %v", c.userPass, err)
				}
				if c.wantCode != 0 {
					assertCode(t, err, c.wantCode)
				}
			}
		})
	}
}

func TestAuthUnknownDatabaseInHandshake(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	err := n.open(t, "root", "nosuchdb", "").Ping()
	assertCode(t, err, 1049)
}

// assertCode checks that err is a MySQL error with the given number.
func assertCode(t *testing.T, err error, code uint16) *gosql.MySQLError {
	t.Helper()
	var me *gosql.MySQLError
	if !errors.As(err, &me) {
		t.Fatalf("want MySQL error %d, got %v", code, err)
	}
	if me.Number != code {
		t.Fatalf("want MySQL error %d, got %d (%s): %s", code, me.Number, me.SQLState, me.Message)
	}
	return me
}
