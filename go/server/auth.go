package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Token verification failures; their text is the 401 message.
var (
	errNoToken      = errors.New("missing bearer token")
	errMalformed    = errors.New("malformed token")
	errAlgorithm    = errors.New("token algorithm must be HS256")
	errSignature    = errors.New("invalid token signature")
	errExpired      = errors.New("token expired")
	errNotYetValid  = errors.New("token not yet valid")
	errClaimInvalid = errors.New("invalid token claims")
)

// authenticate guards every /api/ route with verifyJWT when a secret is
// configured.
func (s *server) authenticate(next http.Handler) http.Handler {
	if len(s.cfg.JWTSecret) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			token, err := bearerToken(r.Header.Get("Authorization"))
			if err == nil {
				err = verifyJWT(token, s.cfg.JWTSecret, s.now())
			}
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="aegis", error="invalid_token"`)
				writeError(w, http.StatusUnauthorized, "unauthorized", err.Error())
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken extracts the token of an "Authorization: Bearer <token>"
// header (the scheme is case-insensitive, RFC 7235).
func bearerToken(header string) (string, error) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", errNoToken
	}
	return token, nil
}

// rawURL is the JWT base64 alphabet; Strict rejects non-zero padding bits
// so every token has exactly one spelling.
var rawURL = base64.RawURLEncoding.Strict()

// verifyJWT checks a compact JWS token signed with HMAC-SHA256 (RFC 7519):
// the header must say alg HS256 (no "none", no other algorithm, no critical
// extensions), the signature must match, and the exp and nbf claims, when
// present, must be numbers with nbf <= now < exp.
func verifyJWT(token string, secret []byte, now time.Time) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errMalformed
	}
	var header map[string]json.RawMessage
	if err := decodeSegment(parts[0], &header); err != nil {
		return errMalformed
	}
	// Keys are looked up exactly: encoding/json would also fill a struct
	// field "alg" from "ALG".
	var alg string
	if raw, ok := header["alg"]; !ok || json.Unmarshal(raw, &alg) != nil || alg != "HS256" {
		return errAlgorithm
	}
	if _, ok := header["crit"]; ok {
		return errMalformed // no extension is understood here
	}
	sig, err := rawURL.DecodeString(parts[2])
	if err != nil {
		return errMalformed
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(parts[0]))
	mac.Write([]byte{'.'})
	mac.Write([]byte(parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return errSignature
	}

	// Claims are read only from a token whose signature is good.
	var claims map[string]json.RawMessage
	if err := decodeSegment(parts[1], &claims); err != nil {
		return errMalformed
	}
	t := float64(now.UnixNano()) / 1e9
	if raw, ok := claims["exp"]; ok {
		exp, err := numericDate(raw)
		if err != nil {
			return errClaimInvalid
		}
		if t >= exp {
			return errExpired
		}
	}
	if raw, ok := claims["nbf"]; ok {
		nbf, err := numericDate(raw)
		if err != nil {
			return errClaimInvalid
		}
		if t < nbf {
			return errNotYetValid
		}
	}
	return nil
}

// decodeSegment base64url-decodes one token segment holding a JSON object.
func decodeSegment(seg string, v *map[string]json.RawMessage) error {
	b, err := rawURL.DecodeString(seg)
	if err != nil {
		return err
	}
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' {
		return errMalformed
	}
	return json.Unmarshal(b, v)
}

// numericDate parses a JWT NumericDate: a JSON number of seconds since the
// epoch (fractions allowed).
func numericDate(raw json.RawMessage) (float64, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || s[0] == '"' || s == "null" || s == "true" || s == "false" {
		return 0, errClaimInvalid
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errClaimInvalid
	}
	return v, nil
}
