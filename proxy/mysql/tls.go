package mysql

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"time"

	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"
)

// ErInsecureTransport is MySQL's ER_SECURE_TRANSPORT_REQUIRED.
const ErInsecureTransport = 3159

// EnsureCertificate writes a self-signed certificate and its key to
// certFile and keyFile unless certFile exists. The certificate is its own
// CA: clients verify the server with --ssl-ca=certFile. It names
// localhost, 127.0.0.1, ::1 and hosts.
func EnsureCertificate(certFile, keyFile string, hosts ...string) error {
	if _, err := os.Stat(certFile); err == nil {
		return nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: "blocksql node", Organization: []string{"blocksql"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(10, 0, 0),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("create TLS certificate: %w", err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := writePEM(keyFile, "PRIVATE KEY", kder); err != nil {
		return err
	}
	return writePEM(certFile, "CERTIFICATE", der)
}

// EnsureRSAKey writes a 2048-bit RSA key for caching_sha2_password to path
// unless it exists, so the key clients may pin stays the same across
// restarts.
func EnsureRSAKey(path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return fmt.Errorf("generate RSA key for caching_sha2_password: %w", err)
	}
	return writePEM(path, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))
}

func writePEM(path, typ string, der []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := pem.Encode(f, &pem.Block{Type: typ, Bytes: der}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loadTLS reads the configured certificate and key; none means no TLS.
func loadTLS(cfg Config) (*tls.Config, error) {
	if cfg.TLSCert == "" && cfg.TLSKey == "" {
		if cfg.RequireSecureTransport {
			return nil, errors.New("mysql frontend: require_secure_transport needs tls_cert and tls_key")
		}
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("mysql frontend: TLS certificate: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// isTLS reports whether the client switched the connection to TLS.
func isTLS(conn *server.Conn) bool {
	_, ok := conn.Conn.Conn.(*tls.Conn)
	return ok
}

// tlsVersionName names a TLS version as MySQL's Ssl_version does.
func tlsVersionName(v uint16) string {
	switch v {
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return tls.VersionName(v)
}

// checkTransport refuses a plain-TCP login when TLS is required.
func (s *Server) checkTransport(conn *server.Conn) error {
	if s.cfg.RequireSecureTransport && !isTLS(conn) {
		return gm.NewError(ErInsecureTransport,
			"Connections using insecure transport are prohibited while --require_secure_transport=ON.")
	}
	return nil
}

// reframeTLS puts a wireConn above the TLS layer once the client switched
// to TLS, so packets of the session are framed and bounded like those of a
// plain connection (the one below only sees encrypted records).
func (h *handler) reframeTLS(conn *server.Conn) {
	tc, ok := conn.Conn.Conn.(*tls.Conn)
	if !ok {
		return
	}
	sc := newWireConn(tc, h.srv.cfg.MaxAllowedPacket)
	// The login went through TLS below this wireConn: what it frames from
	// now on are commands.
	sc.greeted, sc.responded, sc.loggedIn = true, true, true
	h.sc = sc
	conn.Conn.Conn = sc
}
