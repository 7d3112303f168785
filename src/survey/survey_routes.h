/* survey_routes: surveys in the web UI, for the public and in the API.
 *
 * Staff (signed in; the permission holds on the unit the URL names):
 *   GET  /survei                       survey.read    campaigns in reach (?unit=CODE, ?tahun=Y),
 *                                                     the form to start one
 *   POST /survei                       survey.manage  new campaign: unit, instrument (ikm|spak|
 *                                                     spkp), title, year, starts_on, ends_on
 *                                                     (YYYY-MM-DD), services (one per line),
 *                                                     population, access (open|code), own_items
 *                                                     (one "text" per line) → 303 to its page
 *   GET  /survei/:code/:id             survey.read    the campaign: target and progress, link,
 *                                                     QR, results with breakdowns and chart,
 *                                                     follow-up, codes, kiosks, moderation count
 *   POST /survei/:code/:id/ubah        survey.manage  the same fields as creating (not instrument)
 *   POST /survei/:code/:id/status      survey.manage  action=open|close|reopen
 *   POST /survei/:code/:id/kode        survey.codes   n (1..500), service → the codes, shown once
 *   GET  /survei/:code/:id/isi         survey.entry   paper questionnaire entry form
 *   POST /survei/:code/:id/isi         survey.entry   one paper response (fields as the public
 *                                                     form) → 303 back to /isi with a flash
 *   POST /survei/:code/:id/impor       survey.entry   CSV upload (field "berkas"): header of item
 *                                                     codes and optionally kelompok, layanan, umur,
 *                                                     jenis_kelamin, pendidikan, pekerjaan, saran;
 *                                                     all rows or none; errors name line/column
 *   GET  /survei/:code/:id/moderasi    survey.moderate comments waiting
 *   POST /survei/:code/:id/moderasi    survey.moderate response, decision=approve|reject
 *   POST /survei/:code/:id/tindak-lanjut survey.manage item, action
 *   GET  /survei/:code/:id/poster.pdf  survey.read    A4 poster with the QR code
 *   GET  /survei/:code/:id/infografis.pdf survey.read the results infographic
 *   GET  /survei/:code/:id/tanggapan.csv survey.read  the responses
 *   GET  /survei/:code/:id/hasil.xlsx  survey.read    the results workbook
 *   GET  /survei/:code/kios            survey.manage  the unit's kiosk devices
 *   POST /survei/:code/kios            survey.manage  name → the enrolment link, shown once
 *   POST /survei/:code/kios/cabut      survey.manage  id
 * Public (no account):
 *   GET  /s/:id                        the form (no script, its own 3 KB stylesheet)
 *   POST /s/:id                        a response; 303 to /s/:id/terima-kasih, or the form again
 *                                      (422) with every value kept and the messages
 *   GET  /s/:id/terima-kasih           thanks (a kiosk returns to the form after 8 s)
 *   GET  /s/:id/qr.svg                 the QR code of the form's link
 *   GET  /kios/daftar/:token           enrols this device (cookie zona_kiosk) → /kios
 *   GET  /kios                         the kiosk's open campaigns
 *   GET  /hasil-survei/:code           the unit's published results (closed campaigns)
 *   GET  /api/v1/surveys/:id           the form's definition
 *   POST /api/v1/surveys/:id/responses {"answers": {"u1": 4, …}, "kelompok", "layanan",
 *                                      "responden": {"umur", …}, "saran", "kode"} → 201 {"id"} */
#ifndef ZONA_SURVEY_SURVEY_ROUTES_H
#define ZONA_SURVEY_SURVEY_ROUTES_H

void survey_routes_register(void);

#endif
