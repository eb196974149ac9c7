"""The counter console (`kiosk staff`): sign-in, the counter screen and the views of appointments, requests,
ratings and the report; the dialogs they open."""
