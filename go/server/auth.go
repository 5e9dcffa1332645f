package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token verification failures; their text is the 401 message.
var (
	errNoToken      = errors.New("missing bearer token")
	errMalformed    = errors.New("malformed token")
	errDuplicateKey = errors.New("malformed token: duplicate JSON key")
	errAlgorithm    = errors.New("token algorithm must be HS256")
	errSignature    = errors.New("invalid token signature")
	errExpired      = errors.New("token expired")
	errNotYetValid  = errors.New("token not yet valid")
	errNoExpiry     = errors.New("token has no exp claim")
	errClaimInvalid = errors.New("invalid token claims")
)

// authenticate guards every /api/ route with a tokenVerifier when a secret
// is configured.
func (s *server) authenticate(next http.Handler) http.Handler {
	if len(s.cfg.JWTSecret) == 0 {
		return next
	}
	v := newTokenVerifier(s.cfg.JWTSecret, s.cfg.JWTRequireExp, s.now)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			token, err := bearerToken(r.Header.Get("Authorization"))
			if err == nil {
				err = v.verify(token)
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

// tokenVerifier checks compact JWS tokens signed with HMAC-SHA256 (RFC 7519)
// through github.com/golang-jwt/jwt/v5, plus what that library leaves open:
//   - the header is read first, here: it must be a JSON object without
//     duplicate keys whose "alg" is exactly "HS256" (no "none", no other
//     algorithm; the library is also pinned to HS256) and that has no "crit"
//     (no extension is understood here);
//   - neither the header nor the claims may repeat a key at any depth
//     (encoding/json, which the library uses, silently keeps the last one,
//     so {"exp":1,"exp":9e9} would mean whatever the reader's parser picks);
//   - exp and nbf, when present, must be JSON numbers (fractions kept to the
//     nanosecond), and exp is required when requireExp is set.
//
// Validity is nbf <= now < exp, with no leeway.
type tokenVerifier struct {
	secret []byte
	parser *jwt.Parser
}

func newTokenVerifier(secret []byte, requireExp bool, now func() time.Time) *tokenVerifier {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(now),
	}
	if requireExp {
		opts = append(opts, jwt.WithExpirationRequired())
	}
	return &tokenVerifier{secret: secret, parser: jwt.NewParser(opts...)}
}

func (v *tokenVerifier) verify(token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errMalformed
	}
	if err := checkHeader(parts[0]); err != nil {
		return err
	}
	if err := checkNoDuplicateKeys(parts[1]); err != nil {
		return err
	}
	_, err := v.parser.ParseWithClaims(token, &timeClaims{}, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 { // already checked; kept next to the key it guards
			return nil, errAlgorithm
		}
		return v.secret, nil
	})
	return tokenError(err)
}

// checkHeader reads the header segment with exact key lookup (encoding/json
// would also fill a struct field "alg" from "ALG").
func checkHeader(seg string) error {
	if err := checkNoDuplicateKeys(seg); err != nil {
		return err
	}
	b, _ := rawURL.DecodeString(seg) // checkNoDuplicateKeys decoded it already
	var header map[string]json.RawMessage
	if json.Unmarshal(b, &header) != nil {
		return errMalformed
	}
	var alg string
	if raw, ok := header["alg"]; !ok || json.Unmarshal(raw, &alg) != nil || alg != jwt.SigningMethodHS256.Alg() {
		return errAlgorithm
	}
	if _, ok := header["crit"]; ok {
		return errMalformed
	}
	return nil
}

// checkNoDuplicateKeys base64url-decodes one token segment, which must hold
// one JSON object, and rejects it when any object in it repeats a key (after
// unescaping: "a" and "\u0061" are the same key). It walks the tokens once;
// a segment is at most the size of the Authorization header.
func checkNoDuplicateKeys(seg string) error {
	b, err := rawURL.DecodeString(seg)
	if err != nil {
		return errMalformed
	}
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' {
		return errMalformed
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers are not converted here; numericDate reads them
	if err := walkValue(dec); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errMalformed // trailing data after the object
	}
	return nil
}

// walkValue consumes one JSON value from dec, checking every object's keys.
func walkValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return errMalformed
	}
	switch tok {
	case json.Delim('{'):
		seen := make(map[string]struct{})
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return errMalformed
			}
			k := key.(string) // the decoder returns object keys as strings
			if _, dup := seen[k]; dup {
				return errDuplicateKey
			}
			seen[k] = struct{}{}
			if err := walkValue(dec); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // '}'
			return errMalformed
		}
	case json.Delim('['):
		for dec.More() {
			if err := walkValue(dec); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // ']'
			return errMalformed
		}
	}
	return nil
}

// tokenError maps the library's error to one of ours. When several checks
// fail at once the first that applies, in this order, is reported.
func tokenError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errAlgorithm):
		return errAlgorithm
	case errors.Is(err, jwt.ErrTokenMalformed):
		return errMalformed
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return errSignature
	case errors.Is(err, errClaimInvalid):
		return errClaimInvalid
	case errors.Is(err, jwt.ErrTokenExpired):
		return errExpired
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return errNotYetValid
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return errNoExpiry
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return errAlgorithm
	}
	return errClaimInvalid
}

// timeClaims holds the two claims checked here, exp and nbf, read from the
// claims object with exact key lookup. A claim of the wrong type is kept as
// an error the validator receives, so it is reported as invalid claims, not
// as a malformed token. The other registered claims are not checked.
type timeClaims struct {
	exp, nbf       *jwt.NumericDate
	expErr, nbfErr error
}

var _ jwt.Claims = (*timeClaims)(nil)

func (c *timeClaims) UnmarshalJSON(b []byte) error {
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(b, &claims); err != nil {
		return err // the library reports it as a malformed token
	}
	if raw, ok := claims["exp"]; ok {
		c.exp, c.expErr = numericDate(raw)
	}
	if raw, ok := claims["nbf"]; ok {
		c.nbf, c.nbfErr = numericDate(raw)
	}
	return nil
}

func (c *timeClaims) GetExpirationTime() (*jwt.NumericDate, error) { return c.exp, c.expErr }
func (c *timeClaims) GetNotBefore() (*jwt.NumericDate, error)      { return c.nbf, c.nbfErr }
func (c *timeClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return nil, nil }
func (c *timeClaims) GetIssuer() (string, error)                   { return "", nil }
func (c *timeClaims) GetSubject() (string, error)                  { return "", nil }
func (c *timeClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

// maxSeconds bounds NumericDates so that they convert to time.Time without
// overflow (about 1.5e11 years either way: "never" and "always").
const maxSeconds = 1 << 62

// numericDate parses a JWT NumericDate: a JSON number of seconds since the
// epoch, fractions allowed. Strings, null and other types are invalid
// (jwt.NumericDate would accept a number in a string, and null as absent).
func numericDate(raw json.RawMessage) (*jwt.NumericDate, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return nil, errClaimInvalid
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, errClaimInvalid
	}
	v = math.Max(-maxSeconds, math.Min(maxSeconds, v))
	sec, frac := math.Modf(v)
	return &jwt.NumericDate{Time: time.Unix(int64(sec), int64(frac*1e9))}, nil
}
