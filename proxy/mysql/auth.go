package mysql

import (
	"crypto/sha256"
	"crypto/subtle"
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
//     given as a hash, are checked against their stored hashes (go-mysql
//     only knows passwords in clear): with caching_sha2_password the
//     client's scramble is checked against the account's verifier
//     SHA256(SHA256(password)), otherwise (or for an account holding only
//     a mysql_native_password hash, whose client is switched to that
//     method) against the mysql_native_password hash.
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

// hash returns the stored mysql_native_password hash of a user with a
// chain account or a configured hash.
func (c credentials) hash(user string) (string, bool) {
	native, _, ok := c.hashes(user)
	return native, ok
}

// hashes returns the stored hashes of a user with a chain account or a
// configured hash: the mysql_native_password hash and the
// caching_sha2_password verifier ("" when unknown).
func (c credentials) hashes(user string) (native, sha2 string, ok bool) {
	if c.accounts != nil {
		if a, ok := c.accounts.Account(user); ok {
			return a.Native, a.Sha2, true
		}
	}
	if pw := c.users[user]; replay.IsNativeHash(pw) {
		return pw, "", true
	}
	return "", "", false
}

// pluginFor is the method a user with stored hashes logs in with: the
// announced one, unless that is caching_sha2_password and only the
// mysql_native_password hash is known.
func pluginFor(announced, native, sha2 string) string {
	if announced == gm.AUTH_CACHING_SHA2_PASSWORD && (sha2 != "" || native == "") {
		return gm.AUTH_CACHING_SHA2_PASSWORD
	}
	return gm.AUTH_NATIVE_PASSWORD
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
	if native, sha2, ok := p.creds.hashes(user); ok {
		if plugin == gm.AUTH_CACHING_SHA2_PASSWORD {
			return checkSha2(c, native, sha2, data)
		}
		return checkNative(c, native, data)
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

// checkSha2 checks a caching_sha2_password scramble,
// XOR(SHA256(password), SHA256(verifier ‖ salt)), against the stored
// verifier SHA256(SHA256(password)). The verifier is always at hand, so
// the fast path decides every login: a right scramble is answered "fast
// auth success", a wrong one 1045 (what full authentication would end
// with too).
func checkSha2(c *server.Conn, native, sha2 string, data []byte) error {
	if isEmptyAuth(data) || sha2 == "" {
		if isEmptyAuth(data) && sha2 == "" && native == "" {
			return nil
		}
		return server.ErrAccessDenied
	}
	stored, err := hex.DecodeString(sha2)
	salt := saltOf(c)
	if err != nil || len(stored) != sha256.Size || len(salt) != 20 || len(data) != sha256.Size {
		return server.ErrAccessDenied
	}
	mask := sha256.Sum256(append(stored, salt...))
	for i := range mask {
		mask[i] ^= data[i]
	}
	if got := sha256.Sum256(mask[:]); subtle.ConstantTimeCompare(got[:], stored) != 1 {
		return server.ErrAccessDenied
	}
	// The packet header (4 bytes, filled in by WritePacket), then
	// AuthMoreData with fast auth success.
	return c.WritePacket([]byte{0, 0, 0, 0, gm.MORE_DATE_HEADER, gm.CACHE_SHA2_FAST_AUTH})
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
