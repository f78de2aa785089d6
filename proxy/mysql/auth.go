package mysql

import (
	"crypto/tls"
	"encoding/hex"
	"strings"

	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"

	"github.com/blocksql/blocksql/replay"
)

// authProvider is go-mysql's authentication with one fix: go-mysql
// compares a mysql_native_password scramble against an empty stored hash
// by indexing into it, which panics when a client sends a password for an
// account that has none. Such a login is a wrong password (1045); the
// client must not learn from a dropped connection that the account has
// no password.
//
// Accounts created on the chain are checked here against their stored
// mysql_native_password hash (go-mysql only knows passwords in clear);
// their clients are switched to that method.
type authProvider struct {
	server.DefaultAuthenticationProvider
	users    map[string]string
	accounts replay.AccountReader
}

// chainHash returns the stored hash of a user with a chain account.
func (p *authProvider) chainHash(user string) (string, bool) {
	if p.accounts == nil {
		return "", false
	}
	a, ok := p.accounts.Account(user)
	if !ok {
		return "", false
	}
	return a.Native, true
}

func (p *authProvider) Authenticate(c *server.Conn, plugin string, data []byte) error {
	if hash, ok := p.chainHash(c.GetUser()); ok {
		return checkNative(c, hash, data)
	}
	if plugin == gm.AUTH_NATIVE_PASSWORD && !isEmptyAuth(data) {
		if pw, ok := p.users[c.GetUser()]; ok && pw == "" {
			return server.ErrAccessDenied
		}
	}
	return p.DefaultAuthenticationProvider.Authenticate(c, plugin, data)
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
