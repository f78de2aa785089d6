package mysql

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"time"

	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"
	"github.com/pingcap/tidb/pkg/parser/charset"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy"
	"github.com/blocksql/blocksql/replay"
)

// Config is the frontend's configuration.
type Config struct {
	// Users maps user names to passwords, in clear or as their
	// mysql_native_password hash ('*' and 40 hex digits). Empty means the
	// single user root with an empty password. A user without a password
	// logs in only from a loopback address.
	Users map[string]string
	// AuthPlugin is the method announced to clients:
	// "mysql_native_password" (default) or "caching_sha2_password". Clients
	// offering the other one are switched to it.
	AuthPlugin string
	// RSAKeyFile is a PEM RSA private key (PKCS#1 or PKCS#8) used by
	// caching_sha2_password to receive passwords over plain TCP. Empty
	// means a fresh key is generated at start (the node keeps one in its
	// home: see EnsureRSAKey).
	RSAKeyFile string
	// MaxAllowedPacket is the largest client packet accepted, reported as
	// @@max_allowed_packet. 0 means MySQL's default, 64 MiB.
	MaxAllowedPacket int
	// ConnectTimeout bounds the handshake: a client that has not logged in
	// by then is disconnected. 0 means 10 s.
	ConnectTimeout time.Duration
	// WaitTimeout closes a session idle between commands for that long.
	// 0 means MySQL's default, 8 hours.
	WaitTimeout time.Duration
	// MaxConnections is the most client connections served at once; the
	// next one is answered 1040 Too many connections. 0 means 1,000.
	MaxConnections int
	// TLSCert and TLSKey are PEM files; with both set clients may switch
	// to TLS (have_ssl YES).
	TLSCert, TLSKey string
	// RequireSecureTransport refuses logins over plain TCP with 3159.
	RequireSecureTransport bool
	// Accounts are the users created on the chain; they log in with their
	// stored hashes (mysql_native_password, and caching_sha2_password when
	// the account has its verifier) and take precedence over Users.
	Accounts replay.AccountReader
	// Results bounds the memory the rows of reads hold, per result and
	// for all connections (see drivers.ResultBudget); nil leaves it unbounded.
	Results *drivers.ResultBudget
	// Prepared bounds the prepared statements all connections hold (see
	// drivers.PreparedBudget); nil takes its defaults.
	Prepared *drivers.PreparedBudget
	// ReservedFiles is the number of file descriptors kept for consensus
	// and the local database; clients get what the open-file limit leaves
	// beyond it. 0 means 256.
	ReservedFiles int
}

func (c Config) withDefaults() Config {
	if len(c.Users) == 0 {
		c.Users = map[string]string{"root": ""}
	}
	if c.Prepared == nil {
		c.Prepared = drivers.NewPreparedBudget(0, 0)
	}
	if c.MaxAllowedPacket <= 0 {
		c.MaxAllowedPacket = DefaultMaxAllowedPacket
	}
	c.ConnectTimeout = orDefault(c.ConnectTimeout, DefaultConnectTimeout)
	c.WaitTimeout = orDefault(c.WaitTimeout, DefaultWaitTimeout)
	c.MaxConnections = orDefault(c.MaxConnections, DefaultMaxConnections)
	c.ReservedFiles = orDefault(c.ReservedFiles, DefaultReservedFiles)
	if c.AuthPlugin == "" {
		c.AuthPlugin = gm.AUTH_NATIVE_PASSWORD
	}
	return c
}

func (c Config) credentials() credentials {
	return credentials{users: c.Users, accounts: c.Accounts}
}

func (c Config) validate() error {
	switch c.AuthPlugin {
	case gm.AUTH_NATIVE_PASSWORD, gm.AUTH_CACHING_SHA2_PASSWORD:
		return nil
	}
	return fmt.Errorf("mysql frontend: auth plugin %q is not supported; use %q or %q",
		c.AuthPlugin, gm.AUTH_NATIVE_PASSWORD, gm.AUTH_CACHING_SHA2_PASSWORD)
}

// loadOrGenerateKey reads the RSA key at path, or makes one when path is "".
func loadOrGenerateKey(path string) (*rsa.PrivateKey, error) {
	if path == "" {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, fmt.Errorf("generate RSA key for caching_sha2_password: %w", err)
		}
		return key, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read RSA key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("RSA key %s: no PEM block; write it with `openssl genrsa -out %s 2048`", path, path)
	}
	if key, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return key, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("RSA key %s: %w", path, err)
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("RSA key %s: the key is not an RSA key", path)
	}
	return key, nil
}

// authHandler checks users against the configuration and opens the
// session once a client is authenticated.
type authHandler struct {
	creds  credentials
	plugin string
	h      *handler
}

// GetCredential gives an unknown user a password nobody knows, so the
// client gets 1045 as from MySQL and cannot tell which user names exist.
func (a *authHandler) GetCredential(user string) (server.Credential, bool, error) {
	if native, sha2, ok := a.creds.hashes(user); ok {
		// Checked by authProvider against the stored hashes.
		return server.Credential{Passwords: []string{"(hash)"}, AuthPluginName: pluginFor(a.plugin, native, sha2)}, true, nil
	}
	pw, ok := a.creds.users[user]
	if !ok {
		pw = rand.Text()
	}
	return server.Credential{Passwords: []string{pw}, AuthPluginName: a.plugin}, true, nil
}

// OnAuthSuccess runs before the OK packet: an error here (an unknown
// database in the handshake) is what the client sees instead.
func (a *authHandler) OnAuthSuccess(conn *server.Conn) error {
	if err := a.h.srv.checkTransport(conn); err != nil {
		return err
	}
	a.h.sc.markLoggedIn()
	return a.h.open(conn)
}

func (a *authHandler) OnAuthFailure(conn *server.Conn, err error) {
	a.h.log.Info("authentication failed", logUser, conn.GetUser(), logErr, err.Error())
}

var _ server.AuthenticationHandler = (*authHandler)(nil)

// newSessionClient describes a connection to the session layer.
func newSessionClient(conn *server.Conn, cfg Config) proxy.Client {
	c := proxy.Client{User: conn.GetUser(), Addr: conn.RemoteAddr().String(), ConnID: conn.ConnectionID(),
		MaxAllowedPacket: int64(cfg.MaxAllowedPacket), Vars: cfg.serverVars(),
		FoundRows: conn.HasCapability(gm.CLIENT_FOUND_ROWS), Results: cfg.Results, Prepared: cfg.Prepared}
	if coll, err := charset.GetCollationByID(int(conn.Charset())); err == nil {
		c.Collation = coll.Name
	}
	if tc, ok := conn.Conn.Conn.(*tls.Conn); ok {
		st := tc.ConnectionState()
		c.TLSCipher, c.TLSVersion = tls.CipherSuiteName(st.CipherSuite), tlsVersionName(st.Version)
	}
	return c
}

// serverVars are the variables that report this frontend's settings.
func (c Config) serverVars() map[string]any {
	ssl := "DISABLED"
	if c.TLSCert != "" {
		ssl = "YES"
	}
	return map[string]any{"have_ssl": ssl, "have_openssl": ssl,
		"require_secure_transport": boolVar(c.RequireSecureTransport),
		"connect_timeout":          int64(c.ConnectTimeout / time.Second),
		"wait_timeout":             int64(c.WaitTimeout / time.Second),
		"max_connections":          int64(c.MaxConnections),
		"max_prepared_stmt_count":  c.Prepared.MaxCount()}
}

func boolVar(b bool) string {
	if b {
		return "ON"
	}
	return "OFF"
}
