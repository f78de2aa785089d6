package cli

import (
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	gosql "github.com/go-sql-driver/mysql"
)

// A started node serves TLS with the certificate init wrote in its home,
// and keeps its caching_sha2_password RSA key across restarts.
func TestNodeTLSFromHome(t *testing.T) {
	home, port := newHome(t, "sqlite", "")
	n := start(t, home, port)
	pem, err := os.ReadFile(filepath.Join(home, "config", "mysql-cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := os.ReadFile(filepath.Join(home, "config", "mysql-rsa.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	if err := gosql.RegisterTLSConfig("node-home", &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/?tls=node-home", n.port))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ssl string
	if err := db.QueryRow("SELECT @@have_ssl").Scan(&ssl); err != nil || ssl != "YES" {
		t.Fatalf("@@have_ssl %q, err %v", ssl, err)
	}
	db.Close()
	n.stop()
	start(t, home, port)
	if again, _ := os.ReadFile(filepath.Join(home, "config", "mysql-rsa.pem")); string(again) != string(rsaKey) {
		t.Fatal("the RSA key changed at restart")
	}
}
