package mysql_test

import (
	"errors"
	"net"
	"testing"

	gosql "github.com/go-sql-driver/mysql"

	"github.com/blocksql/blocksql/proxy"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
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

// A user without a password logs in only from a loopback address; users
// with a password, in clear or as a hash in the configuration, log in
// from anywhere, with either auth method.
func TestPasswordlessOnlyFromLoopback(t *testing.T) {
	ip := nonLoopbackIP(t)
	for _, plugin := range []string{"mysql_native_password", "caching_sha2_password"} {
		t.Run(plugin, func(t *testing.T) {
			cfg := mysqlfront.Config{AuthPlugin: plugin,
				Users: map[string]string{"root": "", "u": "Pw-1", "h": proxy.NativeHash("Pw-2")}}
			n := mysqltest.StartNodeAt(t, cfg, "sqlite", nil, net.JoinHostPort(ip, "0"))
			remote := &testNode{addr: n.Addr}
			assertCode(t, remote.open(t, "root", "", "").Ping(), 1045)
			for _, up := range []string{"u:Pw-1", "h:Pw-2"} {
				if err := remote.open(t, up, "", "").Ping(); err != nil {
					t.Fatalf("%s: %v", up, err)
				}
			}
			assertCode(t, remote.open(t, "h:"+proxy.NativeHash("Pw-2"), "", "").Ping(), 1045)
		})
	}
}

// nonLoopbackIP is an IPv4 address of this machine that is not loopback.
func nonLoopbackIP(t *testing.T) string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
			return ipn.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address to connect from")
	return ""
}
