package mysql

import (
	"crypto/tls"
	"encoding/hex"
	"net"
	"strings"

	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"

	"github.com/blocksql/blocksql/replay"
)

// authProvider is go-mysql's authentication with these changes:
//
//   - go-mysql compares a mysql_native_password scramble against an empty
//     stored password by indexing into it, which panics when a client
//     sends a password for an account that has none. Such a login is a
//     wrong password (1045); the client must not learn from a dropped
//     connection that the account has no password.
//   - Accounts created on the chain, and [users] of the configuration
//     given as a hash, are checked against their stored
//     mysql_native_password hash (go-mysql only knows passwords in clear);
//     their clients are switched to that method.
//   - A user without a password logs in only from a loopback address.
type authProvider struct {
	server.DefaultAuthenticationProvider
	creds credentials
}

// credentials are the users a node knows: the chain's accounts, then the
// administrators of its configuration.
type credentials struct {
	users    map[string]string
	accounts replay.AccountReader
}

// hash returns the stored hash of a user with a chain account or a
// configured hash.
func (c credentials) hash(user string) (string, bool) {
	if c.accounts != nil {
		if a, ok := c.accounts.Account(user); ok {
			return a.Native, true
		}
	}
	if pw := c.users[user]; replay.IsNativeHash(pw) {
		return pw, true
	}
	return "", false
}

// passwordless reports whether user exists and has no password.
func (c credentials) passwordless(user string) bool {
	if h, ok := c.hash(user); ok {
		return h == ""
	}
	pw, ok := c.users[user]
	return ok && pw == ""
}

func (p *authProvider) Authenticate(c *server.Conn, plugin string, data []byte) error {
	user := c.GetUser()
	if p.creds.passwordless(user) && !isLoopback(c.RemoteAddr()) {
		return server.ErrAccessDenied
	}
	if hash, ok := p.creds.hash(user); ok {
		return checkNative(c, hash, data)
	}
	if plugin == gm.AUTH_NATIVE_PASSWORD && !isEmptyAuth(data) && p.creds.passwordless(user) {
		return server.ErrAccessDenied
	}
	return p.DefaultAuthenticationProvider.Authenticate(c, plugin, data)
}

// isLoopback reports whether a client connects from this machine.
func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return !ok || ta.IP.IsLoopback()
}

func isEmptyAuth(data []byte) bool { return len(data) == 0 || (len(data) == 1 && data[0] == 0) }

var _ server.AuthenticationProvider = (*authProvider)(nil)

// checkNative compares a mysql_native_password scramble with a stored hash.
func checkNative(c *server.Conn, hash string, data []byte) error {
	if isEmptyAuth(data) || hash == "" {
		if isEmptyAuth(data) && hash == "" {
			return nil
		}
		return server.ErrAccessDenied
	}
	stored, err := hex.DecodeString(strings.TrimPrefix(hash, "*"))
	salt := saltOf(c)
	if err != nil || len(stored) != 20 || len(salt) != 20 || len(data) != 20 {
		return server.ErrAccessDenied
	}
	if !gm.CompareNativePassword(data, stored, salt) {
		return server.ErrAccessDenied
	}
	return nil
}

// saltOf finds the scramble the connection's greeting carried.
func saltOf(c *server.Conn) []byte {
	nc := c.Conn.Conn
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	if wc, ok := nc.(*wireConn); ok {
		return wc.salt
	}
	return nil
}
