// Package fieldcrypt protects personal data (身份证号, 手机号, names …) at the
// column level, as 《个人信息保护法》 and GB/T 35273 expect for sensitive personal
// information.
//
// A single 32-byte master key, kept outside the database, is expanded with
// HKDF-SHA256 into two independent subkeys: one for AES-256-GCM encryption of
// the values (Keys.Seal, Keys.Open) and one for HMAC-SHA256 blind indexes
// (Keys.Index), which let the application find a row by exact value without
// storing the value in clear. Separate subkeys mean that the index key can
// never decrypt anything, and vice versa.
//
// Every operation takes a context such as "person.id_number". It is bound into
// the ciphertext as additional authenticated data and mixed into the index, so a
// ciphertext copied into another column fails to open and the same phone number
// indexed in two columns gives unrelated indexes.
//
// The Mask helpers produce the partially hidden forms shown on screens and
// written to logs.
package fieldcrypt
