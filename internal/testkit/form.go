package testkit

// Form is a filled-in application form for items that use the default form
// (contact, phone, online delivery), with extra key/value pairs on top, so a
// test can submit without repeating what every form asks.
func Form(kv ...string) map[string]string {
	f := map[string]string{"contact_name": "王建国", "phone": "13900001111", "delivery_method": "online"}
	for i := 0; i+1 < len(kv); i += 2 {
		f[kv[i]] = kv[i+1]
	}
	return f
}
