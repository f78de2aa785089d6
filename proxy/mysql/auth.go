package mysql

import (
	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"
)

// authProvider is go-mysql's authentication with one fix: go-mysql
// compares a mysql_native_password scramble against an empty stored hash
// by indexing into it, which panics when a client sends a password for an
// account that has none. Such a login is a wrong password (1045); the
// client must not learn from a dropped connection that the account has
// no password.
type authProvider struct {
	server.DefaultAuthenticationProvider
	users map[string]string
}

func (p *authProvider) Authenticate(c *server.Conn, plugin string, data []byte) error {
	if plugin == gm.AUTH_NATIVE_PASSWORD && !isEmptyAuth(data) {
		if pw, ok := p.users[c.GetUser()]; ok && pw == "" {
			return server.ErrAccessDenied
		}
	}
	return p.DefaultAuthenticationProvider.Authenticate(c, plugin, data)
}

func isEmptyAuth(data []byte) bool { return len(data) == 0 || (len(data) == 1 && data[0] == 0) }

var _ server.AuthenticationProvider = (*authProvider)(nil)
