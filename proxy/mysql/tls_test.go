package mysql_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gosql "github.com/go-sql-driver/mysql"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// tlsNode starts a node with a certificate made by EnsureCertificate and
// returns it with the certificate's path.
func tlsNode(t *testing.T, cfg mysqlfront.Config) (*testNode, string) {
	t.Helper()
	dir := t.TempDir()
	cfg.TLSCert, cfg.TLSKey = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := mysqlfront.EnsureCertificate(cfg.TLSCert, cfg.TLSKey); err != nil {
		t.Fatal(err)
	}
	return startNode(t, cfg), cfg.TLSCert
}

// registerCA makes the DSN option tls=name verify the server against ca.
func registerCA(t *testing.T, name, ca string) {
	t.Helper()
	pem, err := os.ReadFile(ca)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	if err := gosql.RegisterTLSConfig(name, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
}

// go-sql-driver verifies the node's certificate and runs statements, with
// both auth methods; packets are framed above TLS (over max_allowed_packet
// is 1153); plain TCP is refused with 3159.
func TestTLSGoDriver(t *testing.T) {
	for _, plugin := range []string{"mysql_native_password", "caching_sha2_password"} {
		t.Run(plugin, func(t *testing.T) {
			n, ca := tlsNode(t, mysqlfront.Config{AuthPlugin: plugin, RequireSecureTransport: true,
				MaxAllowedPacket: 4 << 20, Users: map[string]string{"root": "", "alice": "s3cret"}})
			registerCA(t, "blocksql-"+plugin, ca)
			db := n.open(t, "alice:s3cret", "", "tls=blocksql-"+plugin)
			db.SetMaxOpenConns(1)
			mustExec(t, db, "CREATE DATABASE shop")
			mustExec(t, db, "CREATE TABLE shop.t (id INT PRIMARY KEY, v LONGTEXT)")
			mustExec(t, db, "INSERT INTO shop.t VALUES (1, ?)", strings.Repeat("x", 3<<20))
			got := queryStrings(t, db, "SELECT LENGTH(v), @@have_ssl, @@require_secure_transport FROM shop.t")
			if got[0][0] != "3145728" || got[0][1] != "YES" || got[0][2] != "ON" {
				t.Fatalf("got %v", got)
			}
			// The session reports its TLS cipher and version, as MySQL does
			// (go-sql-driver's own TLS tests read Ssl_cipher).
			status := queryStrings(t, db, "SHOW STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_version')")
			if len(status) != 2 || !strings.HasPrefix(status[0][1], "TLS_") || !strings.HasPrefix(status[1][1], "TLSv1.") {
				t.Fatalf("Ssl_cipher, Ssl_version over TLS: %v", status)
			}
			_, err := db.Exec("INSERT INTO shop.t VALUES (2, ?)", strings.Repeat("y", 5<<20))
			var me *gosql.MySQLError
			if err == nil || (errors.As(err, &me) && me.Number != 1153) {
				// The node may close before the client finished sending: a
				// reset instead of 1153 is what MySQL does too.
				t.Fatalf("a statement over max_allowed_packet: %v, want 1153", err)
			}
			// The node closes the connection after 1153, as MySQL does:
			// count on a new one.
			check := n.open(t, "alice:s3cret", "", "tls=blocksql-"+plugin)
			if got := queryStrings(t, check, "SELECT COUNT(*) FROM shop.t"); got[0][0] != "1" {
				t.Fatalf("rows after the refused insert: %v", got)
			}
			assertCode(t, n.open(t, "alice:s3cret", "", "").Ping(), mysqlfront.ErInsecureTransport)
		})
	}
}

// The mariadb client verifies the certificate against the CA it is given.
func TestTLSMariaDBClient(t *testing.T) {
	n, ca := tlsNode(t, mysqlfront.Config{RequireSecureTransport: true})
	out, err := mariadbCLI(t, n, "--ssl", "--ssl-verify-server-cert", "--ssl-ca="+ca,
		"-e", "SHOW STATUS LIKE 'Ssl_cipher'; SELECT @@have_ssl")
	if err != nil || !strings.Contains(out, "YES") || !strings.Contains(out, "TLS_") {
		t.Fatalf("%v: %s", err, out)
	}
	other := filepath.Join(t.TempDir(), "other.pem")
	if err := mysqlfront.EnsureCertificate(other, other+".key"); err != nil {
		t.Fatal(err)
	}
	if out, err := mariadbCLI(t, n, "--ssl-verify-server-cert", "--ssl-ca="+other, "-e", "SELECT 1"); err == nil {
		t.Fatalf("a certificate from another CA was accepted: %s", out)
	}
}

// The caching_sha2_password RSA key is written once and read back.
func TestRSAKeyKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rsa.pem")
	if err := mysqlfront.EnsureRSAKey(path); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	if err := mysqlfront.EnsureRSAKey(path); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Fatal("the RSA key was regenerated")
	}
	n := startNode(t, mysqlfront.Config{AuthPlugin: "caching_sha2_password", RSAKeyFile: path,
		Users: map[string]string{"root": "", "alice": "pw"}})
	if err := n.open(t, "alice:pw", "", "allowPublicKeyRetrieval=true").Ping(); err != nil {
		t.Fatal(err)
	}
}
