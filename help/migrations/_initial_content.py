"""The help's first topics and answers (November 2026), as the portal behaves at that time.

Loaded once by migration 0003; from then on staff maintain the texts in the admin. Not a migration itself
(the leading underscore keeps Django's migration loader away). Answers are Markdown; links to pages of the
portal are relative paths, links to other answers point at /hilfe/antworten/<slug>/.
"""

CATEGORIES = [
    {
        "slug": "registrieren",
        "order": 10,
        "title_de": "Registrieren",
        "title_en": "Registering",
        "intro_de": """So legen Sie Ihr persönliches Konto an:

1. Klicken Sie oben auf **Registrieren**. Geben Sie Anrede, Vorname, Nachname und Ihre E-Mail-Adresse ein. Ein Passwort wählen Sie jetzt noch nicht.
2. Wir schicken Ihnen eine **Aktivierungsmail**. Der Link darin ist 3 Tage gültig. Sie können ihn auf jedem Gerät öffnen, auch auf dem Handy.
3. Öffnen Sie den Link und klicken Sie auf **Konto aktivieren**. Dann legen Sie Ihr Passwort fest. Danach sind Sie gleich angemeldet.

Mit Ihrem Konto buchen Sie Kurse und nutzen die Online-Formulare. Für die Dienste für Betriebe verknüpfen Sie Ihr Konto danach einmal mit Ihrem Betrieb (siehe „Betrieb verknüpfen“).""",
        "intro_en": """This is how you create your personal account:

1. Click **Register** at the top of the page. Enter your title, first name, last name and e-mail address. You do not choose a password yet.
2. We send you an **activation e-mail**. Its link is valid for 3 days and works on any device, including your phone.
3. Open the link and click **Activate account**. Then choose your password. You are logged in straight away.

With your account you can book courses and use the online forms. To use the services for businesses, you then link your account to your business once (see “Linking a business”).""",
    },
    {
        "slug": "anmelden",
        "order": 20,
        "title_de": "Anmelden und Passwort",
        "title_en": "Logging in and passwords",
        "intro_de": """Sie melden sich mit Ihrer **E-Mail-Adresse** und Ihrem **Passwort** an. Einen Benutzernamen gibt es nicht.

- Groß- und Kleinschreibung der E-Mail-Adresse spielt keine Rolle.
- Leerzeichen vor oder nach der Adresse und dem Passwort entfernt das Anmeldeformular selbst. So klappt die Anmeldung auch, wenn Sie das Passwort kopiert und eingefügt haben.
- Mit **Anzeigen** neben dem Passwortfeld sehen Sie, was Sie eingegeben haben.
- Die PIN für Ihren Betrieb ist **kein** Passwort. Sie geben sie erst nach der Anmeldung unter „Mein Betrieb“ ein.

Passwort vergessen? Über **Passwort vergessen** auf der Anmeldeseite bekommen Sie einen Link, mit dem Sie ein neues Passwort festlegen.""",
        "intro_en": """You log in with your **e-mail address** and your **password**. There is no user name.

- Upper and lower case in the e-mail address do not matter.
- The login form removes spaces before or after the address and the password itself, so logging in works even if you copied and pasted your password.
- **Show** next to the password field lets you see what you typed.
- The PIN for your business is **not** a password. You enter it after logging in, under “My business”.

Forgotten your password? **Forgot password** on the login page sends you a link to set a new one.""",
    },
    {
        "slug": "mein-konto",
        "order": 30,
        "title_de": "Mein Konto",
        "title_en": "My account",
        "intro_de": """Unter **Mein Konto** (oben auf jeder Seite, wenn Sie angemeldet sind) ändern Sie Ihre Anrede und Ihren Namen, Ihre E-Mail-Adresse und Ihr Passwort.""",
        "intro_en": """Under **My account** (at the top of every page once you are logged in) you can change your title and name, your e-mail address and your password.""",
    },
    {
        "slug": "betrieb-verknuepfen",
        "order": 40,
        "title_de": "Betrieb verknüpfen (PIN)",
        "title_en": "Linking a business (PIN)",
        "intro_de": """Damit Sie die Dienste für Betriebe nutzen können, verknüpfen Sie Ihr persönliches Konto einmal mit Ihrem Betrieb. Dafür brauchen Sie eine **einmalige PIN**.

1. **PIN anfordern:** Unter [PIN anfordern](/betrieb/pin-anfordern/) geben Sie Ihre Betriebsnummer ein (bei einer Filiale auch die Filialnummer). Das geht mit und ohne Anmeldung.
2. Die PIN geht **nur an die E-Mail-Adresse des Betriebs, die bei der Kammer gespeichert ist** – nie an eine Adresse, die jemand im Formular eingibt. Auf Wunsch schickt die Kammer die PIN auch per Brief.
3. **Verknüpfen:** Melden Sie sich an, öffnen Sie [Betrieb verknüpfen](/betrieb/verknuepfen/) und geben Sie Betriebsnummer und PIN ein.
4. Die Verknüpfung ist **nach wenigen Sekunden aktiv**. Die Seite aktualisiert sich von selbst; Sie müssen sich nicht neu anmelden.

Die PIN hat 8 Zeichen und wird in zwei Vierergruppen geschrieben, zum Beispiel ABCD-EFGH. Sie ist 30 Tage gültig und verknüpft genau ein Konto. Wer mit einer PIN verknüpft, wird Administratorin oder Administrator des Betriebs.""",
        "intro_en": """To use the services for businesses, you link your personal account to your business once. For this you need a **one-time PIN**.

1. **Request a PIN:** under [Request PIN](/betrieb/pin-anfordern/) enter your Betriebsnummer (business number) – for a branch also its Filialnummer (branch number). You can do this with or without logging in.
2. The PIN is sent **only to the business's e-mail address held by the chamber** – never to an address someone types into the form. On request, the chamber also sends the PIN by post.
3. **Link:** log in, open [Link business](/betrieb/verknuepfen/) and enter the Betriebsnummer and the PIN.
4. The link is **active within a few seconds**. The page updates itself; you do not need to log in again.

The PIN has 8 characters, written in two groups of four, for example ABCD-EFGH. It is valid for 30 days and links exactly one account. Whoever links with a PIN becomes an administrator of the business.""",
    },
    {
        "slug": "mein-betrieb",
        "order": 50,
        "title_de": "Mein Betrieb: Kolleginnen, Kollegen und Rollen",
        "title_en": "My business: colleagues and roles",
        "intro_de": """Unter **Mein Betrieb** sehen Sie die Angaben Ihres Betriebs und alle Personen, deren Konto mit ihm verknüpft ist.

- **Administratorinnen und Administratoren** laden Kolleginnen und Kollegen ein, ändern Rollen und entfernen Personen aus dem Betrieb.
- **Mitglieder** nutzen die Dienste für den Betrieb, zum Beispiel Kursbuchungen für Mitarbeitende und Formulare, die nur Betriebe stellen können.
- Kolleginnen und Kollegen kommen **per Einladung** dazu: Sie brauchen keine eigene PIN.
- Wer für mehrere Betriebe arbeitet, verknüpft jeden Betrieb und wechselt unter „Mein Betrieb“ mit **Betrieb wechseln**.

Wird eine Verknüpfung beendet, gilt das sofort. Was dem Betrieb gehört, wird dabei nicht gelöscht.""",
        "intro_en": """**My business** shows your business's details and everyone whose account is linked to it.

- **Administrators** invite colleagues, change roles and remove people from the business.
- **Members** use the services for the business, for example booking courses for employees and forms that only businesses can submit.
- Colleagues join **by invitation**: they do not need a PIN of their own.
- If you work for several businesses, link each of them and switch between them under “My business” with **Switch business**.

When a link ends, it ends at once. Nothing that belongs to the business is deleted.""",
    },
    {
        "slug": "kurse",
        "order": 60,
        "title_de": "Kurse",
        "title_en": "Courses",
        "intro_de": """Im [Kursangebot](/kurse/) suchen Sie ohne Anmeldung nach Kursen und Weiterbildungen. Zum Buchen brauchen Sie ein Konto.

1. Wählen Sie einen Kurs und klicken Sie auf **Jetzt buchen**.
2. Wählen Sie, für wen Sie buchen: für sich selbst oder – wenn Ihr Konto mit einem Betrieb verknüpft ist – für eine Mitarbeiterin oder einen Mitarbeiter. Dann geht die Rechnung an den Betrieb.
3. Prüfen Sie die Angaben und bestätigen Sie die Buchung. Sie bekommen eine Bestätigung per E-Mail mit einer Kalenderdatei.

Ist der Kurs voll, kommen Sie auf die **Warteliste**. Alle Buchungen sehen und stornieren Sie unter [Meine Buchungen](/kurse/meine-buchungen/).""",
        "intro_en": """In the [course catalogue](/kurse/) you can search for courses and further training without logging in. To book, you need an account.

1. Choose a course and click **Book now**.
2. Choose whom you are booking for: yourself or – if your account is linked to a business – an employee. The invoice then goes to the business.
3. Check the details and confirm the booking. You receive a confirmation by e-mail with a calendar file.

If the course is full, you go on the **waiting list**. You can see and cancel all your bookings under [My bookings](/kurse/meine-buchungen/).""",
    },
    {
        "slug": "formulare",
        "order": 70,
        "title_de": "Online-Formulare",
        "title_en": "Online forms",
        "intro_de": """Unter **Formulare** stellen Sie Anträge und Meldungen an die Kammer online (nach der Anmeldung).

1. Wählen Sie das Formular, füllen Sie es aus und hängen Sie, wenn nötig, Dateien an.
2. Nach dem Absenden bekommen Sie ein **Aktenzeichen** (zum Beispiel F-2026-000123) und eine Bestätigung per E-Mail.
3. Den Stand Ihrer Anträge sehen Sie unter [Meine Anträge](/formulare/meine-antraege/). Ändert die Kammer den Stand, bekommen Sie eine E-Mail.

Manche Formulare können nur Betriebe stellen. Dafür muss Ihr Konto mit dem Betrieb verknüpft sein.""",
        "intro_en": """Under **Forms** you submit applications and notifications to the chamber online (after logging in).

1. Choose the form, fill it in and attach files if needed.
2. After sending it you receive a **reference number** (for example F-2026-000123) and a confirmation by e-mail.
3. You can follow your applications under [My applications](/formulare/meine-antraege/). When the chamber changes their status, you receive an e-mail.

Some forms can only be submitted by businesses. For these, your account must be linked to the business.""",
    },
    {
        "slug": "lehrvertrag",
        "order": 80,
        "title_de": "Online-Lehrvertrag",
        "title_en": "Online apprenticeship contract",
        "intro_de": """Mit dem **Online-Lehrvertrag** tragen Betriebe neue Ausbildungsverträge ein, ohne Formulare auszudrucken. Dafür muss Ihr Konto mit dem Betrieb verknüpft sein.

1. Unter **Mein Portal → Online-Lehrvertrag** klicken Sie auf **Neuer Lehrvertrag**. Beruf, Beginn, Dauer, Probezeit, Vergütung und Urlaub prüft das Portal schon beim Tippen; das Ende wird berechnet. Einen Entwurf können Sie jederzeit speichern und später weiter bearbeiten.
2. Mit **Bei der Kammer einreichen** geht der Vertrag an die Kammer. Sie prüft ihn, meist innerhalb von zwei Wochen, und nimmt ihn an oder gibt ihn mit Hinweisen zurück. Einen zurückgegebenen Vertrag ändern Sie und reichen ihn **erneut ein**.
3. Ist er angenommen, schließen Sie ihn ab: **Digital, ohne Papier** – die oder der Auszubildende (bei Minderjährigen auch die gesetzlichen Vertreter) bekommt den Vertrag per E-Mail mit einem persönlichen Link und bestätigt ihn, ganz ohne Konto – oder **auf Papier**: ausdrucken, unterschreiben lassen und den unterschriebenen Vertrag hochladen.
4. Die Kammer trägt den Vertrag in die Lehrlingsrolle ein. Die Eintragungsbestätigung laden Sie dann auf der Seite des Vertrags herunter.

Über jeden Schritt bekommen alle Personen, die mit dem Betrieb verknüpft sind, eine E-Mail.""",
        "intro_en": """With the **online apprenticeship contract** businesses enter new training contracts without printing forms. Your account must be linked to the business.

1. Under **My portal → Online apprenticeship contract** click **New apprenticeship contract**. The portal checks occupation, start, duration, probation, pay and holiday while you type and calculates the end date. You can save a draft at any time and continue later.
2. **Submit to the chamber** sends the contract to the chamber. It checks it, usually within two weeks, and accepts it or returns it with remarks. You change a returned contract and **submit it again**.
3. Once it is accepted, you conclude it: **digitally, without paper** – the apprentice (and for minors the legal guardians) receives the contract by e-mail with a personal link and confirms it, no account needed – or **on paper**: print it, have it signed and upload the signed contract.
4. The chamber enters the contract in the register of apprenticeships. You then download the registration certificate on the contract's page.

Everyone linked to the business receives an e-mail about each step.""",
    },
    {
        "slug": "postfach",
        "order": 90,
        "title_de": "Postfach: Dokumente austauschen",
        "title_en": "Postfach: exchanging documents",
        "intro_de": """Im **Postfach** tauschen Betriebe Dokumente mit der Kammer aus, zum Beispiel Nachweise, Bescheinigungen und Bescheide. Dafür muss Ihr Konto mit dem Betrieb verknüpft sein.

1. Unter **Postfach** klicken Sie auf **Dokument an die Kammer senden**, wählen die Abteilung (zum Beispiel Lehrlingsrolle oder Prüfungswesen), geben einen Betreff ein und wählen eine oder mehrere Dateien.
2. Gehört das Dokument zu einem Online-Antrag oder Lehrvertrag, geben Sie dessen Vorgangsnummer an (zum Beispiel F-2026-000123 oder LV-2026-000045).
3. Schickt die Kammer Ihrem Betrieb ein Dokument, bekommen Sie eine E-Mail mit einem Link – ohne Inhalt und ohne Anhang. Neue Dokumente sind im Postfach markiert.

Alle Personen, die mit dem Betrieb verknüpft sind, sehen das Postfach des Betriebs. Dateien lassen sich nur nach der Anmeldung öffnen.""",
        "intro_en": """In the **Postfach** businesses exchange documents with the chamber, for example certificates, proofs and notices. Your account must be linked to the business.

1. Under **Postfach** click **Send a document to the chamber**, choose the department (for example the register of apprenticeships or examinations), enter a subject and choose one or more files.
2. If the document belongs to an online application or an apprenticeship contract, enter its reference number (for example F-2026-000123 or LV-2026-000045).
3. When the chamber sends your business a document, you receive an e-mail with a link – without content and without attachment. New documents are marked in the Postfach.

Everyone linked to the business sees the business's Postfach. Files can only be opened after logging in.""",
    },
    {
        "slug": "lehrstellenboerse",
        "order": 100,
        "title_de": "Lehrstellen- und Praktikumsbörse",
        "title_en": "Apprenticeship and internship board",
        "intro_de": """In der [Lehrstellenbörse](/lehrstellen/) finden junge Menschen Ausbildungsplätze, Praktika und duale Studienplätze in Handwerksbetrieben – ohne Anmeldung, nach Beruf, Art, Beginn, Stichwort und nach **PLZ oder Ort mit Umkreis**.

Für Betriebe (das Konto muss mit dem Betrieb verknüpft sein):

1. Unter **Mein Betrieb → Lehrstellen- und Praktikumsbörse** klicken Sie auf **Neue Stelle**, beschreiben die Stelle und geben an, wie man sich bewirbt.
2. Mit **Zur Prüfung einreichen** geht die Stelle an die Kammer. Nach der Freigabe ist sie öffentlich; gibt die Kammer sie mit einem Hinweis zurück, ändern Sie sie und reichen sie erneut ein.
3. Ändern Sie später den Text, den Beruf oder den Ausbildungsort, prüft die Kammer die Stelle noch einmal. Kontaktdaten, Zahl der Plätze und Termine ändern sich sofort.
4. Eine Woche vor dem Ende der Veröffentlichung bekommen Sie eine E-Mail. Danach endet die Stelle von selbst; Sie können sie jederzeit mit **Stelle beenden** aus der Börse nehmen und mit **Erneut veröffentlichen** wieder zeigen.""",
        "intro_en": """In the [apprenticeship board](/lehrstellen/) young people find apprenticeships, internships and dual study places in craft businesses – without logging in, by occupation, kind, start, keyword and by **postcode or place with a radius**.

For businesses (the account must be linked to the business):

1. Under **My business → Apprenticeship and internship board** click **New posting**, describe the position and say how to apply.
2. **Submit for review** sends the posting to the chamber. Once approved it is public; if the chamber returns it with a remark, change it and submit it again.
3. If you later change the text, the occupation or the training site, the chamber reviews the posting again. Contact details, number of places and dates change at once.
4. You receive an e-mail a week before the publication ends. The posting then ends by itself; you can take it off the board with **Close posting** and show it again with **Publish again** at any time.""",
    },
]


FAQS = [
    # --- Registrieren -------------------------------------------------------------------------
    {
        "slug": "keine-aktivierungsmail",
        "category": "registrieren",
        "order": 10,
        "question_de": "Ich habe keine Aktivierungsmail erhalten. Was kann ich tun?",
        "question_en": "I have not received the activation e-mail. What can I do?",
        "answer_de": """Die Aktivierungsmail kommt meist nach wenigen Minuten. Wenn nicht:

1. **Spam-Ordner prüfen:** Suchen Sie auch im Spam- oder Werbe-Ordner nach einer Mail vom Kundenportal.
2. **Adresse prüfen:** Auf der Seite nach der Registrierung steht Ihre Adresse abgekürzt (zum Beispiel m***@beispiel.de). Ist sie falsch, klicken Sie auf **Adresse korrigieren** und geben Sie die richtige Adresse ein.
3. **Mail erneut senden:** Klicken Sie auf **Mail erneut senden**. Haben Sie die Seite schon geschlossen, geht es auch über [Aktivierungsmail nicht erhalten?](/accounts/aktivierungsmail/) auf der Anmeldeseite. Zwischen zwei Mails an dieselbe Adresse müssen etwa 2 Minuten liegen.
4. **Schon registriert?** Gibt es für die Adresse schon ein aktives Konto, bekommen Sie statt der Aktivierungsmail eine Mail mit dem Hinweis, dass das Konto besteht. Melden Sie sich dann einfach an oder nutzen Sie [Passwort vergessen](/accounts/password/reset/).

Der Link in der Mail ist 3 Tage gültig. Ist er abgelaufen, können Sie auf der Seite, die der Link öffnet, eine neue Aktivierungsmail anfordern.

Kommt trotzdem nichts an, nimmt Ihr Mailprogramm vielleicht keine Mails von uns an. Schreiben Sie uns dann über das [Kontaktformular](/hilfe/kontakt/).""",
        "answer_en": """The activation e-mail usually arrives within a few minutes. If it does not:

1. **Check your spam folder:** look in your spam or junk folder for a message from the customer portal.
2. **Check the address:** the page after registering shows your address shortened (for example m***@example.com). If it is wrong, click **Correct address** and enter the right one.
3. **Send it again:** click **Send mail again**. If you have already closed that page, use [Activation mail not received?](/accounts/aktivierungsmail/) on the login page. Two e-mails to the same address need to be about 2 minutes apart.
4. **Already registered?** If there is already an active account for the address, you receive an e-mail saying that the account exists instead of the activation e-mail. Simply log in, or use [Forgot password](/accounts/password/reset/).

The link in the e-mail is valid for 3 days. If it has expired, the page it opens lets you request a new activation e-mail.

If still nothing arrives, your mail provider may be rejecting our messages. Please write to us using the [contact form](/hilfe/kontakt/).""",
    },
    {
        "slug": "aktivierungslink-funktioniert-nicht",
        "category": "registrieren",
        "order": 20,
        "question_de": "Der Link in der Aktivierungsmail funktioniert nicht.",
        "question_en": "The link in the activation e-mail does not work.",
        "answer_de": """Die Seite, die der Link öffnet, sagt Ihnen, woran es liegt:

- **Abgelaufen:** Der Link gilt 3 Tage. Klicken Sie auf **Neue Aktivierungsmail senden**. Sie müssen nichts eingeben.
- **Schon verwendet:** Ihr Konto ist bereits aktiv. Melden Sie sich mit E-Mail-Adresse und Passwort an. Kennen Sie das Passwort nicht, nutzen Sie [Passwort vergessen](/accounts/password/reset/).
- **Ungültig:** Manche Mailprogramme zerlegen lange Links. Kopieren Sie den ganzen Link in die Adresszeile Ihres Browsers oder fordern Sie auf der Seite eine neue Aktivierungsmail an.

Wichtig: Erst der Klick auf **Konto aktivieren** und das Festlegen des Passworts schließen die Aktivierung ab. Öffnen allein reicht nicht.""",
        "answer_en": """The page the link opens tells you what is wrong:

- **Expired:** the link is valid for 3 days. Click **Send new activation mail**. You do not need to type anything.
- **Already used:** your account is already active. Log in with your e-mail address and password. If you do not know your password, use [Forgot password](/accounts/password/reset/).
- **Not valid:** some mail programs break long links. Copy the whole link into your browser's address bar, or request a new activation e-mail on that page.

Important: activation is complete only after you click **Activate account** and set your password. Just opening the link is not enough.""",
    },
    {
        "slug": "warum-kein-passwort-bei-registrierung",
        "category": "registrieren",
        "order": 30,
        "question_de": "Warum wähle ich bei der Registrierung kein Passwort?",
        "question_en": "Why do I not choose a password when I register?",
        "answer_de": """Sie legen Ihr Passwort erst fest, wenn Sie den Link aus der Aktivierungsmail öffnen. So wissen wir, dass die E-Mail-Adresse wirklich Ihnen gehört, und niemand kann ein Konto auf Ihre Adresse anlegen und benutzen.

Ihr Passwort muss mindestens 10 Zeichen lang sein. Es darf nicht nur aus Ziffern bestehen, nicht zu einfach sein, Ihrem Namen oder Ihrer Adresse nicht zu ähnlich sein und nicht mit einem Leerzeichen beginnen oder enden.""",
        "answer_en": """You choose your password when you open the link in the activation e-mail. That way we know the e-mail address really belongs to you, and nobody can create and use an account in your name.

Your password must be at least 10 characters long. It must not consist of digits only, must not be too common, must not be too similar to your name or address and must not begin or end with a space.""",
    },
    # --- Anmelden -----------------------------------------------------------------------------
    {
        "slug": "passwort-wird-nicht-angenommen",
        "category": "anmelden",
        "order": 10,
        "question_de": "Mein Passwort wird nicht angenommen. Woran kann das liegen?",
        "question_en": "My password is not accepted. What could be wrong?",
        "answer_de": """Häufige Ursachen:

- **Ähnliche Zeichen:** Ein kleines l und ein großes I, die Null und das O sehen sich in manchen Schriften sehr ähnlich. Klicken Sie auf **Anzeigen** neben dem Passwortfeld und prüfen Sie, was Sie eingegeben haben.
- **Feststelltaste:** Ist die Feststelltaste (Caps Lock) an, stimmen Groß- und Kleinbuchstaben nicht.
- **Leerzeichen beim Einfügen:** Leerzeichen am Anfang und Ende entfernt das Formular selbst. Ein Leerzeichen mitten im Passwort bleibt aber ein Zeichen des Passworts.
- **Falsche Adresse:** Sie melden sich mit der E-Mail-Adresse an, mit der Sie sich registriert haben – nicht mit der Adresse Ihres Betriebs, wenn die anders ist.
- **PIN statt Passwort:** Die 8-stellige PIN für Ihren Betrieb ist kein Passwort. Sie geben sie nach der Anmeldung unter „Mein Betrieb“ ein.
- **Konto noch nicht aktiviert:** Solange Sie den Link aus der Aktivierungsmail nicht geöffnet und ein Passwort festgelegt haben, hat Ihr Konto kein Passwort. Siehe [Ich habe keine Aktivierungsmail erhalten](/hilfe/antworten/keine-aktivierungsmail/).

Hilft das nicht, legen Sie über [Passwort vergessen](/accounts/password/reset/) ein neues Passwort fest.""",
        "answer_en": """Common causes:

- **Characters that look alike:** a lower-case l and an upper-case I, or zero and the letter O, look very similar in some fonts. Click **Show** next to the password field and check what you typed.
- **Caps Lock:** if Caps Lock is on, upper and lower case are swapped.
- **Spaces when pasting:** the form removes spaces at the beginning and the end itself. A space in the middle of the password, however, is part of the password.
- **Wrong address:** you log in with the e-mail address you registered with – not with your business's address if that is a different one.
- **PIN instead of password:** the 8-character PIN for your business is not a password. You enter it after logging in, under “My business”.
- **Account not activated yet:** until you have opened the link in the activation e-mail and set a password, your account has no password. See [I have not received the activation e-mail](/hilfe/antworten/keine-aktivierungsmail/).

If none of this helps, set a new password with [Forgot password](/accounts/password/reset/).""",
    },
    {
        "slug": "konto-gesperrt-zu-viele-versuche",
        "category": "anmelden",
        "order": 20,
        "question_de": "Mein Konto ist gesperrt oder es heißt „Zu viele fehlgeschlagene Anmeldeversuche“.",
        "question_en": "My account is locked, or it says “Too many failed login attempts”.",
        "answer_de": """Zu Ihrem Schutz bremsen wir wiederholte Fehlversuche. Das ist keine dauerhafte Sperre.

- **Anmeldung:** Nach 5 falschen Passwörtern für dieselbe E-Mail-Adresse innerhalb von 5 Minuten ist die Anmeldung für diese Adresse für einige Minuten gesperrt. Warten Sie 5 Minuten. Sind Sie unsicher, welches Passwort stimmt, legen Sie über [Passwort vergessen](/accounts/password/reset/) ein neues fest.
- **PIN für den Betrieb:** Nach 5 falschen PINs innerhalb einer Stunde kann Ihr Konto für eine Stunde keinen Betrieb verknüpfen; wir schicken Ihnen dazu eine E-Mail. Danach geht es wieder. Prüfen Sie Betriebsnummer, Filialnummer und PIN genau, oder fordern Sie eine [neue PIN an](/betrieb/pin-anfordern/).
- **„Dieses Konto ist inaktiv“:** Die Kammer hat Ihr Konto gesperrt. Bitte schreiben Sie uns über das [Kontaktformular](/hilfe/kontakt/).""",
        "answer_en": """To protect you, we slow down repeated failed attempts. This is not a permanent lock.

- **Logging in:** after 5 wrong passwords for the same e-mail address within 5 minutes, logging in with that address is blocked for a few minutes. Wait 5 minutes. If you are not sure which password is right, set a new one with [Forgot password](/accounts/password/reset/).
- **The PIN for your business:** after 5 wrong PINs within one hour, your account cannot link a business for one hour; we send you an e-mail about it. After that it works again. Check the Betriebsnummer, Filialnummer and PIN carefully, or [request a new PIN](/betrieb/pin-anfordern/).
- **“This account is inactive”:** the chamber has blocked your account. Please write to us using the [contact form](/hilfe/kontakt/).""",
    },
    {
        "slug": "passwort-vergessen",
        "category": "anmelden",
        "order": 30,
        "question_de": "Ich habe mein Passwort vergessen.",
        "question_en": "I have forgotten my password.",
        "answer_de": """1. Klicken Sie auf der Anmeldeseite auf [Passwort vergessen](/accounts/password/reset/).
2. Geben Sie die E-Mail-Adresse Ihres Kontos ein. Sie bekommen eine Mail mit einem Link.
3. Öffnen Sie den Link und legen Sie ein neues Passwort fest. Danach sind Sie angemeldet.

Der Link ist 3 Tage gültig und funktioniert nur einmal. Kommt keine Mail, prüfen Sie den Spam-Ordner und ob Sie sich vielleicht mit einer anderen Adresse registriert haben.""",
        "answer_en": """1. On the login page, click [Forgot password](/accounts/password/reset/).
2. Enter the e-mail address of your account. You receive an e-mail with a link.
3. Open the link and set a new password. You are then logged in.

The link is valid for 3 days and works only once. If no e-mail arrives, check your spam folder and whether you may have registered with a different address.""",
    },
    # --- Mein Konto ---------------------------------------------------------------------------
    {
        "slug": "e-mail-adresse-aendern",
        "category": "mein-konto",
        "order": 10,
        "question_de": "Wie ändere ich meine E-Mail-Adresse?",
        "question_en": "How do I change my e-mail address?",
        "answer_de": """1. Melden Sie sich an und öffnen Sie **Mein Konto**.
2. Klicken Sie auf [E-Mail-Adresse ändern](/accounts/email/) und geben Sie die neue Adresse ein.
3. Wir schicken eine Mail mit einem Bestätigungslink **an die neue Adresse**. Öffnen Sie den Link und bestätigen Sie.

Erst danach gilt die neue Adresse. Bis dahin melden Sie sich weiter mit der alten Adresse an. Danach gilt nur noch die neue.

Die E-Mail-Adresse Ihres **Betriebs**, an die die PIN geht, ist etwas anderes: Sie gehört zu den Daten des Betriebs bei der Kammer. Eine Änderung teilen Sie der Kammer mit, zum Beispiel über das [Kontaktformular](/hilfe/kontakt/).""",
        "answer_en": """1. Log in and open **My account**.
2. Click [Change e-mail address](/accounts/email/) and enter the new address.
3. We send an e-mail with a confirmation link **to the new address**. Open the link and confirm.

Only then does the new address count. Until then you keep logging in with the old address; afterwards, only the new one works.

Your **business's** e-mail address, to which the PIN is sent, is something else: it belongs to the business's records at the chamber. Please tell the chamber about a change, for example using the [contact form](/hilfe/kontakt/).""",
    },
    {
        "slug": "name-aendern",
        "category": "mein-konto",
        "order": 20,
        "question_de": "Wie ändere ich meinen Namen oder meine Anrede?",
        "question_en": "How do I change my name or title?",
        "answer_de": """Melden Sie sich an und öffnen Sie **Mein Konto**. Unter „Persönliche Daten“ ändern Sie Anrede, Vorname und Nachname und klicken auf **Speichern**. Vor- und Nachname sind Pflichtangaben.""",
        "answer_en": """Log in and open **My account**. Under “Personal data” change your title, first name and last name, then click **Save**. First and last name are required.""",
    },
    # --- Betrieb verknüpfen -------------------------------------------------------------------
    {
        "slug": "wo-finde-ich-die-betriebsnummer",
        "category": "betrieb-verknuepfen",
        "order": 10,
        "question_de": "Wo finde ich meine Betriebsnummer?",
        "question_en": "Where do I find my Betriebsnummer (business number)?",
        "answer_de": """Die Betriebsnummer ist die Nummer, unter der die Kammer Ihren Betrieb führt. Sie hat 5 bis 10 Ziffern. Sie finden sie:

- auf jedem **Schreiben der Kammer** an Ihren Betrieb, in der Bezugszeile,
- auf Ihrer **Handwerkskarte**,
- auf Ihrem **Beitragsbescheid**.

Geben Sie nur die Ziffern ein, ohne Buchstaben. Hat Ihr Betrieb Filialen, siehe [Wir haben Filialen: Welche Nummer gebe ich ein?](/hilfe/antworten/filialnummer/).

Finden Sie die Nummer nicht, schreiben Sie uns über das [Kontaktformular](/hilfe/kontakt/) mit Name und Anschrift des Betriebs.""",
        "answer_en": """The Betriebsnummer is the number under which the chamber keeps your business. It has 5 to 10 digits. You find it:

- on every **letter from the chamber** to your business, in the reference line,
- on your **Handwerkskarte** (craft card),
- on your **Beitragsbescheid** (contribution notice).

Enter the digits only, without letters. If your business has branches, see [We have branches: which number do I enter?](/hilfe/antworten/filialnummer/).

If you cannot find the number, write to us using the [contact form](/hilfe/kontakt/) with the name and address of the business.""",
    },
    {
        "slug": "pin-anfordern",
        "category": "betrieb-verknuepfen",
        "order": 20,
        "question_de": "Wie bekomme ich eine PIN für meinen Betrieb?",
        "question_en": "How do I get a PIN for my business?",
        "answer_de": """Fordern Sie die PIN unter [PIN anfordern](/betrieb/pin-anfordern/) an – vor oder nach der Anmeldung. Geben Sie die Betriebsnummer ein, bei einer Filiale auch die Filialnummer.

- Die PIN geht **nur an die E-Mail-Adresse des Betriebs, die bei der Kammer gespeichert ist**. Das schützt Ihren Betrieb: Niemand kann sich eine PIN an eine eigene Adresse schicken lassen.
- Die Antwort auf der Seite ist immer dieselbe. Wir verraten dort nicht, ob es die Nummer gibt.
- Pro Betrieb verschicken wir höchstens 3 PINs am Tag. Wird öfter angefordert, sagen wir dem Betrieb Bescheid.
- Die PIN hat 8 Zeichen (zum Beispiel ABCD-EFGH), ist 30 Tage gültig und verknüpft ein Konto. Fordern Sie eine neue an, bleiben ältere, noch nicht verwendete PINs gültig.

Kennt die Kammer keine aktuelle E-Mail-Adresse Ihres Betriebs, schicken wir die PIN auf Wunsch per Brief an die Anschrift des Betriebs. Schreiben Sie uns dazu über das [Kontaktformular](/hilfe/kontakt/).""",
        "answer_en": """Request the PIN under [Request PIN](/betrieb/pin-anfordern/) – before or after logging in. Enter the Betriebsnummer and, for a branch, also the Filialnummer.

- The PIN is sent **only to the business's e-mail address held by the chamber**. This protects your business: nobody can have a PIN sent to an address of their own.
- The page always gives the same answer. It does not reveal whether the number exists.
- We send at most 3 PINs per business per day. If more are requested, we let the business know.
- The PIN has 8 characters (for example ABCD-EFGH), is valid for 30 days and links one account. If you request a new one, older PINs that have not been used stay valid.

If the chamber has no current e-mail address for your business, we can send the PIN by post to the business's address. Please write to us using the [contact form](/hilfe/kontakt/).""",
    },
    {
        "slug": "pin-mail-nicht-angekommen",
        "category": "betrieb-verknuepfen",
        "order": 30,
        "question_de": "Die PIN-Mail ist nicht angekommen.",
        "question_en": "The PIN e-mail has not arrived.",
        "answer_de": """Die PIN geht an die E-Mail-Adresse, die die Kammer für Ihren Betrieb gespeichert hat – nicht an Ihre persönliche Adresse. Prüfen Sie deshalb:

- das **Postfach des Betriebs** (zum Beispiel info@… oder buero@…) und dessen Spam-Ordner,
- ob Sie die richtige **Betriebsnummer** eingegeben haben (bei einer Filiale auch die Filialnummer),
- ob heute schon 3 PINs für den Betrieb angefordert wurden – dann kommt erst morgen wieder eine.

Ist die gespeicherte Adresse veraltet, teilen Sie uns die neue über das [Kontaktformular](/hilfe/kontakt/) mit. Wir ändern sie und schicken die PIN auf Wunsch per Brief.""",
        "answer_en": """The PIN goes to the e-mail address the chamber holds for your business – not to your personal address. So please check:

- the **business's mailbox** (for example info@… or office@…) and its spam folder,
- that you entered the right **Betriebsnummer** (for a branch also the Filialnummer),
- whether 3 PINs have already been requested for the business today – then the next one can only be sent tomorrow.

If the address on record is out of date, tell us the new one using the [contact form](/hilfe/kontakt/). We update it and can send the PIN by post.""",
    },
    {
        "slug": "pin-verwendet-oder-abgelaufen",
        "category": "betrieb-verknuepfen",
        "order": 40,
        "question_de": "Die PIN wurde schon verwendet oder ist abgelaufen.",
        "question_en": "The PIN has already been used or has expired.",
        "answer_de": """Jede PIN verknüpft **genau ein Konto** und ist **30 Tage** gültig. Danach gilt sie nicht mehr.

- **Schon verwendet:** Vielleicht hat eine Kollegin oder ein Kollege die PIN schon benutzt. Dann ist ihr oder sein Konto Administrator des Betriebs und kann Sie unter „Mein Betrieb“ **einladen** – Sie brauchen dann keine PIN. Oder Sie fordern eine neue PIN an.
- **Abgelaufen oder gesperrt:** Fordern Sie eine [neue PIN an](/betrieb/pin-anfordern/). Ein Betrieb hat höchstens fünf offene PINs; kommt eine sechste dazu, wird die älteste gesperrt. Außerdem sperren wir die PINs eines Betriebs, wenn für ihn außergewöhnlich viele falsche PINs eingegeben wurden.
- **„Betriebsnummer und PIN passen nicht zusammen“:** Prüfen Sie die Betriebsnummer und bei Filialen die Filialnummer. Eine PIN enthält nie die Zeichen 0, O, 1, I oder L. Groß- und Kleinschreibung sowie Leerzeichen und Bindestrich spielen keine Rolle.

Sie haben eine PIN verwendet, aber der Betrieb erscheint nicht? Die Verknüpfung ist nach wenigen Sekunden aktiv; die Seite aktualisiert sich von selbst. Siehe [Wie lange dauert die Verknüpfung?](/hilfe/antworten/verknuepfung-dauer/).""",
        "answer_en": """Each PIN links **exactly one account** and is valid for **30 days**. After that it no longer works.

- **Already used:** perhaps a colleague has already used the PIN. Their account is then an administrator of the business and can **invite** you under “My business” – you then need no PIN. Or request a new PIN.
- **Expired or blocked:** [request a new PIN](/betrieb/pin-anfordern/). A business has at most five open PINs; when a sixth is added, the oldest is blocked. We also block a business's PINs when an exceptional number of wrong PINs has been entered for it.
- **“Betriebsnummer and PIN do not match”:** check the Betriebsnummer and, for branches, the Filialnummer. A PIN never contains the characters 0, O, 1, I or L. Upper and lower case, spaces and the hyphen do not matter.

You used a PIN but the business does not appear? The link is active within a few seconds and the page updates itself. See [How long does linking take?](/hilfe/antworten/verknuepfung-dauer/).""",
    },
    {
        "slug": "filialnummer",
        "category": "betrieb-verknuepfen",
        "order": 50,
        "question_de": "Wir haben Filialen: Welche Nummer gebe ich ein?",
        "question_en": "We have branches: which number do I enter?",
        "answer_de": """Eine Filiale hat dieselbe Betriebsnummer wie der Hauptbetrieb und zusätzlich eine eigene **Filialnummer** (1 bis 4 Ziffern). Sie steht in den Schreiben der Kammer an die Filiale neben der Betriebsnummer.

- Für den **Hauptbetrieb** lassen Sie das Feld „Filialnummer“ leer.
- Für eine **Filiale** geben Sie Betriebsnummer und Filialnummer ein.

Hauptbetrieb und jede Filiale werden **einzeln** verknüpft, jeweils mit einer eigenen PIN. Die PIN einer Filiale geht an die E-Mail-Adresse, die für diese Filiale gespeichert ist. Wer für mehrere verknüpfte Betriebe arbeitet, wechselt unter „Mein Betrieb“ mit **Betrieb wechseln**.""",
        "answer_en": """A branch has the same Betriebsnummer as the main business plus its own **Filialnummer** (branch number, 1 to 4 digits). You find it next to the Betriebsnummer in the chamber's letters to the branch.

- For the **main business**, leave the “Filialnummer” field empty.
- For a **branch**, enter the Betriebsnummer and the Filialnummer.

The main business and each branch are linked **separately**, each with a PIN of its own. A branch's PIN goes to the e-mail address held for that branch. If you work for several linked businesses, switch between them under “My business” with **Switch business**.""",
    },
    {
        "slug": "verknuepfung-dauer",
        "category": "betrieb-verknuepfen",
        "order": 60,
        "question_de": "Wie lange dauert die Verknüpfung? Muss ich mich neu anmelden?",
        "question_en": "How long does linking take? Do I need to log in again?",
        "answer_de": """Nach der Eingabe der PIN zeigt das Portal „wird eingerichtet“. Meist ist die Verknüpfung **nach wenigen Sekunden aktiv**. Die Seite aktualisiert sich von selbst und führt Sie zu „Mein Betrieb“. Sie müssen sich **nicht** ab- und wieder anmelden. Zusätzlich bekommen Sie eine Bestätigung per E-Mail.

Steht nach einigen Minuten immer noch „wird eingerichtet“, laden Sie die Seite neu. Die Verknüpfung wird auch dann abgeschlossen, wenn es einmal länger dauert; die PIN müssen Sie nicht noch einmal eingeben.""",
        "answer_en": """After you enter the PIN, the portal shows “being set up”. Usually the link is **active within a few seconds**. The page updates itself and takes you to “My business”. You do **not** need to log out and in again. You also receive a confirmation by e-mail.

If it still says “being set up” after a few minutes, reload the page. The link is completed even when it takes longer; you do not need to enter the PIN again.""",
    },
    # --- Mein Betrieb -------------------------------------------------------------------------
    {
        "slug": "kolleginnen-einladen",
        "category": "mein-betrieb",
        "order": 10,
        "question_de": "Wie kommen Kolleginnen und Kollegen in unseren Betrieb?",
        "question_en": "How do colleagues join our business?",
        "answer_de": """Per **Einladung** – eine eigene PIN ist nicht nötig.

1. Eine Administratorin oder ein Administrator des Betriebs öffnet **Mein Betrieb** und gibt unter „Kollegin oder Kollegen einladen“ die E-Mail-Adresse ein.
2. Die Kollegin oder der Kollege bekommt eine Mail mit einem Link. Die Einladung ist **14 Tage** gültig.
3. Sie oder er öffnet den Link, meldet sich mit **genau dieser E-Mail-Adresse** an (oder registriert sich vorher mit ihr) und klickt auf **Betrieb beitreten**.

Neue Personen sind **Mitglieder**. Eine Administratorin oder ein Administrator kann die Rolle unter „Mein Betrieb“ ändern. Offene Einladungen lassen sich dort auch zurückziehen.""",
        "answer_en": """By **invitation** – no PIN of their own is needed.

1. An administrator of the business opens **My business** and enters the colleague's e-mail address under “Invite a colleague”.
2. The colleague receives an e-mail with a link. The invitation is valid for **14 days**.
3. They open the link, log in with **exactly that e-mail address** (or register with it first) and click **Join business**.

New people join as **members**. An administrator can change their role under “My business”, and can also withdraw open invitations there.""",
    },
    {
        "slug": "betrieb-verlassen",
        "category": "mein-betrieb",
        "order": 20,
        "question_de": "Wie verlasse ich einen Betrieb?",
        "question_en": "How do I leave a business?",
        "answer_de": """1. Öffnen Sie **Mein Betrieb** (bei mehreren Betrieben vorher den richtigen Betrieb wählen).
2. Klicken Sie unten auf **Diesen Betrieb verlassen** und bestätigen Sie mit **Betrieb verlassen**.

Ihr Konto ist dann sofort nicht mehr mit dem Betrieb verknüpft. Ihr persönliches Konto, Ihre eigenen Kursbuchungen und Anträge bleiben. Was dem Betrieb gehört, wird nicht gelöscht.

Sind Sie die **letzte Administratorin oder der letzte Administrator** und noch andere Personen verknüpft, machen Sie vorher eine andere Person zur Administratorin oder zum Administrator (Rolle ändern). So bleibt immer jemand, der den Betrieb verwalten kann.""",
        "answer_en": """1. Open **My business** (if you belong to several businesses, choose the right one first).
2. Click **Leave this business** at the bottom and confirm with **Leave business**.

Your account is then no longer linked to the business, with immediate effect. Your personal account and your own course bookings and applications remain. Nothing that belongs to the business is deleted.

If you are the **last administrator** and other people are still linked, first make someone else an administrator (Change role). That way there is always someone who can manage the business.""",
    },
    {
        "slug": "administrator-hat-betrieb-verlassen",
        "category": "mein-betrieb",
        "order": 30,
        "question_de": "Unser Administrator hat den Betrieb verlassen. Was nun?",
        "question_en": "Our administrator has left the company. What now?",
        "answer_de": """Das hängt davon ab, wer noch Administrator ist:

- **Es gibt noch eine andere Administratorin oder einen anderen Administrator:** Sie oder er entfernt das Konto der ausgeschiedenen Person unter **Mein Betrieb** mit **Entfernen**. Die Person verliert sofort den Zugang.
- **Es gibt keine andere Administratorin und keinen anderen Administrator:** Fordern Sie eine [neue PIN](/betrieb/pin-anfordern/) an. Wer mit einer PIN verknüpft, wird Administratorin oder Administrator. Ist Ihr Konto schon als Mitglied mit dem Betrieb verknüpft, verlassen Sie den Betrieb vorher unter „Mein Betrieb“ und verknüpfen ihn dann mit der neuen PIN. Danach können Sie die ausgeschiedene Person entfernen.

Die PIN geht an die E-Mail-Adresse des Betriebs, die bei der Kammer gespeichert ist. War das die persönliche Adresse der ausgeschiedenen Person, teilen Sie uns über das [Kontaktformular](/hilfe/kontakt/) eine neue Adresse mit – wir schicken die PIN auch per Brief. Auf Ihren Wunsch beendet die Kammer die Verknüpfung der ausgeschiedenen Person auch selbst.""",
        "answer_en": """That depends on who is still an administrator:

- **There is another administrator:** they remove the former colleague's account under **My business** with **Remove**. That person loses access at once.
- **There is no other administrator:** [request a new PIN](/betrieb/pin-anfordern/). Whoever links with a PIN becomes an administrator. If your account is already linked to the business as a member, first leave the business under “My business”, then link it again with the new PIN. You can then remove the former colleague.

The PIN goes to the business's e-mail address held by the chamber. If that was the former colleague's personal address, tell us a new address using the [contact form](/hilfe/kontakt/) – we can also send the PIN by post. On request, the chamber can also end the former colleague's link itself.""",
    },
    {
        "slug": "rollen-im-betrieb",
        "category": "mein-betrieb",
        "order": 40,
        "question_de": "Was dürfen Administratoren und Mitglieder?",
        "question_en": "What can administrators and members do?",
        "answer_de": """**Alle Verknüpften** nutzen die Dienste für den Betrieb, zum Beispiel Kurse für Mitarbeitende buchen (die Rechnung geht an den Betrieb) und Formulare stellen, die nur Betriebe stellen können.

**Administratorinnen und Administratoren** können zusätzlich:

- Kolleginnen und Kollegen einladen und Einladungen zurückziehen,
- Rollen ändern,
- alle Kursbuchungen des Betriebs sehen und stornieren,
- Personen aus dem Betrieb entfernen (mit Begründung; die Person bekommt eine E-Mail).

Wer mit einer PIN verknüpft, wird Administratorin oder Administrator. Wer per Einladung kommt, wird Mitglied.""",
        "answer_en": """**Everyone linked** can use the services for the business, for example book courses for employees (the invoice goes to the business) and submit forms that only businesses can submit.

**Administrators** can also:

- invite colleagues and withdraw invitations,
- change roles,
- see and cancel all course bookings of the business,
- remove people from the business (giving a reason; the person receives an e-mail).

Whoever links with a PIN becomes an administrator. Whoever joins by invitation becomes a member.""",
    },
    # --- Kurse --------------------------------------------------------------------------------
    {
        "slug": "kurs-warteliste",
        "category": "kurse",
        "order": 10,
        "question_de": "Der Kurs ist voll. Was bedeutet die Warteliste?",
        "question_en": "The course is full. What does the waiting list mean?",
        "answer_de": """Ist ein Kurs ausgebucht, können Sie sich auf die **Warteliste** setzen. Ihren Platz auf der Liste sehen Sie unter [Meine Buchungen](/kurse/meine-buchungen/).

Wird ein Platz frei, rückt die erste Person auf der Warteliste **automatisch** nach. Sie bekommen dann eine E-Mail; ab diesem Moment ist die Buchung verbindlich. Einen Platz auf der Warteliste können Sie jederzeit kostenlos stornieren.""",
        "answer_en": """If a course is fully booked, you can put yourself on the **waiting list**. You can see your position under [My bookings](/kurse/meine-buchungen/).

When a place becomes free, the first person on the waiting list moves up **automatically**. You then receive an e-mail; from that moment the booking is binding. You can cancel a place on the waiting list at any time free of charge.""",
    },
    {
        "slug": "kurs-stornieren",
        "category": "kurse",
        "order": 20,
        "question_de": "Wie storniere ich eine Kursbuchung?",
        "question_en": "How do I cancel a course booking?",
        "answer_de": """Öffnen Sie [Meine Buchungen](/kurse/meine-buchungen/) und klicken Sie bei der Buchung auf **Buchung stornieren**. Vor dem Stornieren sehen Sie, ob dabei Kosten entstehen.

- Bis zu einer bestimmten Frist vor Kursbeginn ist die Stornierung **kostenlos**. Die Frist steht auf der Kursseite unter „Stornierung“ und in Ihrer Buchungsbestätigung.
- Danach kann eine **Stornogebühr** anfallen.
- Nach Kursbeginn ist eine Stornierung online nicht mehr möglich. Bitte wenden Sie sich dann an die Kammer.

Eine Buchung für Mitarbeitende sieht und storniert, wer sie gebucht hat – solange das Konto mit dem Betrieb verknüpft ist –, und jede Administratorin und jeder Administrator des Betriebs.""",
        "answer_en": """Open [My bookings](/kurse/meine-buchungen/) and click **Cancel booking** next to the booking. Before you cancel, you see whether there is a charge.

- Up to a certain period before the course starts, cancelling is **free of charge**. The deadline is shown on the course page under “Cancellation” and in your booking confirmation.
- After that a **cancellation fee** may apply.
- Once the course has started, it can no longer be cancelled online. Please contact the chamber.

A booking for an employee can be seen and cancelled by whoever made it – as long as their account is linked to the business – and by every administrator of the business.""",
    },
    {
        "slug": "mitarbeitende-anmelden",
        "category": "kurse",
        "order": 30,
        "question_de": "Kann ich Mitarbeitende zu einem Kurs anmelden?",
        "question_en": "Can I book a course for an employee?",
        "answer_de": """Ja, wenn Ihr Konto mit dem Betrieb verknüpft ist. Wählen Sie beim Buchen „Eine Mitarbeiterin oder einen Mitarbeiter von …“ und geben Sie Name und E-Mail-Adresse der Person ein. Die Rechnung geht an den Betrieb.

Die Bestätigung bekommen die teilnehmende Person und Sie. Ist Ihr Konto noch nicht verknüpft, siehe [Wie bekomme ich eine PIN für meinen Betrieb?](/hilfe/antworten/pin-anfordern/).""",
        "answer_en": """Yes, if your account is linked to the business. When booking, choose “An employee of …” and enter the person's name and e-mail address. The invoice goes to the business.

Both the participant and you receive the confirmation. If your account is not linked yet, see [How do I get a PIN for my business?](/hilfe/antworten/pin-anfordern/).""",
    },
    # --- Formulare ----------------------------------------------------------------------------
    {
        "slug": "antrag-stand",
        "category": "formulare",
        "order": 10,
        "question_de": "Wo sehe ich, wie weit mein Antrag ist?",
        "question_en": "Where can I see how far my application has got?",
        "answer_de": """Unter [Meine Anträge](/formulare/meine-antraege/) sehen Sie alle Anträge mit Aktenzeichen und Stand: eingereicht, in Bearbeitung, abgeschlossen oder abgelehnt. Ändert die Kammer den Stand, bekommen Sie eine E-Mail, oft mit einer Bemerkung.

Bitte nennen Sie das Aktenzeichen (zum Beispiel F-2026-000123), wenn Sie uns zu einem Antrag schreiben.""",
        "answer_en": """Under [My applications](/formulare/meine-antraege/) you see all your applications with their reference number and status: submitted, in progress, completed or rejected. When the chamber changes the status, you receive an e-mail, often with a remark.

Please quote the reference number (for example F-2026-000123) when you write to us about an application.""",
    },
    {
        "slug": "formular-nur-fuer-betriebe",
        "category": "formulare",
        "order": 20,
        "question_de": "Warum kann ich ein Formular nicht ausfüllen?",
        "question_en": "Why can I not fill in a form?",
        "answer_de": """Manche Formulare können nur **Betriebe** stellen. Sie stellen sie im Namen des Betriebs, mit dem Ihr Konto verknüpft ist. Ist Ihr Konto noch nicht verknüpft, zeigt das Portal das an und führt Sie zur Verknüpfung. Siehe [Wie bekomme ich eine PIN für meinen Betrieb?](/hilfe/antworten/pin-anfordern/).

Alle Formulare brauchen eine Anmeldung.""",
        "answer_en": """Some forms can only be submitted by **businesses**. You submit them on behalf of the business your account is linked to. If your account is not linked yet, the portal tells you and leads you to linking. See [How do I get a PIN for my business?](/hilfe/antworten/pin-anfordern/).

All forms require you to log in.""",
    },
    {
        "slug": "dateien-hochladen",
        "category": "formulare",
        "order": 30,
        "question_de": "Welche Dateien kann ich hochladen?",
        "question_en": "Which files can I upload?",
        "answer_de": """Sie können **PDF-, JPEG- und PNG-Dateien** bis **10 MB** je Datei hochladen. Das Portal prüft den Inhalt der Datei, nicht nur die Endung.

Tipp: Ein Foto mit dem Handy ist oft größer als nötig. Viele Handys können ein Dokument auch direkt als PDF scannen.""",
        "answer_en": """You can upload **PDF, JPEG and PNG files** of up to **10 MB** each. The portal checks what the file contains, not just its name.

Tip: a photo taken with a phone is often larger than necessary. Many phones can also scan a document directly as a PDF.""",
    },
    {
        "slug": "lehrvertrag-zurueckgegeben",
        "category": "lehrvertrag",
        "order": 10,
        "question_de": "Die Kammer hat den Lehrvertrag zurückgegeben. Was nun?",
        "question_en": "The chamber returned the apprenticeship contract. What now?",
        "answer_de": """Die Hinweise der Kammer stehen oben auf der Seite des Vertrags und in der E-Mail, die Sie bekommen haben. Klicken Sie auf **Bearbeiten**, ändern Sie die genannten Angaben und klicken Sie auf **Erneut einreichen**. Die Kammer prüft den Vertrag dann noch einmal.

Fragen zu den Hinweisen beantwortet die Lehrlingsrolle Ihrer Kammer.""",
        "answer_en": """The chamber's remarks are shown at the top of the contract's page and in the e-mail you received. Click **Edit**, change what is mentioned and click **Submit again**. The chamber then checks the contract once more.

The chamber's register of apprenticeships answers questions about the remarks.""",
    },
    {
        "slug": "lehrvertrag-digital-bestaetigen",
        "category": "lehrvertrag",
        "order": 20,
        "question_de": "Wie bestätigt die oder der Auszubildende den Vertrag ohne Papier?",
        "question_en": "How does the apprentice confirm the contract without paper?",
        "answer_de": """Nach **Zur Bestätigung senden** bekommt die oder der Auszubildende (bei Minderjährigen auch jeder gesetzliche Vertreter) eine E-Mail mit dem Vertrag als PDF und einem persönlichen Link. Ein Konto ist nicht nötig. Auf der Seite des Links lesen sie den Vertrag und bestätigen Empfang und Einverständnis mit einem Klick.

- Der Link gilt 14 Tage und nur einmal.
- Ist die E-Mail nicht angekommen oder der Link abgelaufen, klicken Sie auf der Seite des Vertrags auf **Links erneut senden**. Die alten Links gelten dann nicht mehr.
- Haben alle bestätigt, ist der Vertrag abgeschlossen und geht zur Eintragung an die Kammer.""",
        "answer_en": """After **Send for confirmation** the apprentice (and for minors every legal guardian) receives an e-mail with the contract as a PDF and a personal link. No account is needed. On the link's page they read the contract and confirm receipt and agreement with one click.

- The link is valid for 14 days and can be used once.
- If the e-mail did not arrive or the link has expired, click **Send the links again** on the contract's page. The old links then no longer work.
- When everyone has confirmed, the contract is concluded and goes to the chamber for registration.""",
    },
    {
        "slug": "postfach-dateiformate",
        "category": "postfach",
        "order": 10,
        "question_de": "Welche Dateien kann ich ins Postfach hochladen?",
        "question_en": "Which files can I upload to the Postfach?",
        "answer_de": """PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) und OpenDocument (.odt, .ods): bis zu 10 Dateien je Dokument, jede bis 20 MB, zusammen bis 50 MB.

Das Portal prüft den Inhalt der Datei, nicht nur ihren Namen. Abgelehnt werden zum Beispiel alte Office-Dateien (.doc, .xls, .ppt), Dateien mit Makros und passwortgeschützte Dateien. Speichern Sie solche Dateien als PDF oder im aktuellen Format und senden Sie sie erneut. Betreff und Nachricht bleiben dabei im Formular stehen.""",
        "answer_en": """PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) and OpenDocument (.odt, .ods): up to 10 files per document, each up to 20 MB, together up to 50 MB.

The portal checks the content of a file, not only its name. It refuses, for example, old Office files (.doc, .xls, .ppt), files with macros and password-protected files. Save such files as PDF or in the current format and send them again. The subject and message stay in the form.""",
    },
    {
        "slug": "postfach-wer-sieht-dokumente",
        "category": "postfach",
        "order": 20,
        "question_de": "Wer sieht die Dokumente im Postfach?",
        "question_en": "Who can see the documents in the Postfach?",
        "answer_de": """Alle Personen, deren Konto mit Ihrem Betrieb verknüpft ist, und die zuständigen Mitarbeitenden der Kammer. Andere Betriebe sehen nichts davon. Verlässt jemand den Betrieb, endet der Zugriff sofort.

Die Kammer sieht, wann ein Dokument gelesen und heruntergeladen wurde. Dokumente werden nach der Aufbewahrungsfrist automatisch gelöscht; speichern Sie, was Sie länger brauchen, bei sich.""",
        "answer_en": """Everyone whose account is linked to your business, and the responsible staff of the chamber. Other businesses see none of it. When someone leaves the business, their access ends at once.

The chamber sees when a document was read and downloaded. Documents are deleted automatically after the retention period; keep a copy of whatever you need for longer.""",
    },
    {
        "slug": "suchauftrag-lehrstellen",
        "category": "lehrstellenboerse",
        "order": 10,
        "question_de": "Wie erfahre ich von neuen Lehrstellen in meiner Nähe?",
        "question_en": "How do I hear about new apprenticeships near me?",
        "answer_de": """Suchen Sie in der [Lehrstellenbörse](/lehrstellen/) zum Beispiel nach Beruf und PLZ mit Umkreis und klicken Sie auf **Diese Suche speichern** (dafür brauchen Sie ein Konto). Sie bekommen dann höchstens eine E-Mail am Tag, und nur, wenn neue passende Stellen dazugekommen sind.

In jeder dieser E-Mails steht ein Link zum Abbestellen; er funktioniert mit einem Klick, auch ohne Anmeldung. Ihre gespeicherten Suchen sehen und löschen Sie unter [Meine Suchaufträge](/lehrstellen/suchauftraege/).""",
        "answer_en": """Search the [apprenticeship board](/lehrstellen/), for example by occupation and postcode with a radius, and click **Save this search** (you need an account for this). You then receive at most one e-mail a day, and only when new matching postings have appeared.

Every such e-mail contains a link to unsubscribe; it works with one click, even without logging in. You can see and delete your saved searches under [My saved searches](/lehrstellen/suchauftraege/).""",
    },
    {
        "slug": "stelle-nicht-sichtbar",
        "category": "lehrstellenboerse",
        "order": 20,
        "question_de": "Warum ist unsere Stelle noch nicht in der Lehrstellenbörse zu sehen?",
        "question_en": "Why can't our posting be seen on the board yet?",
        "answer_de": """Neue und wesentlich geänderte Stellen prüft die Kammer, bevor sie öffentlich werden. Den Stand sehen Sie unter **Mein Betrieb → Lehrstellen- und Praktikumsbörse**: „Wartet auf Prüfung“, „Veröffentlicht“ oder – mit dem Hinweis der Kammer – wieder „Entwurf“.

Ist die Stelle veröffentlicht und trotzdem nicht zu finden, prüfen Sie den Zeitraum der Veröffentlichung: Vor dem ersten und nach dem letzten Tag wird sie nicht angezeigt.""",
        "answer_en": """The chamber reviews new and substantially changed postings before they become public. You can see their status under **My business → Apprenticeship and internship board**: “awaiting review”, “published” or – with the chamber's remark – “draft” again.

If the posting is published and still cannot be found, check its publication period: it is not shown before its first or after its last day.""",
    },
]


def install(apps, schema_editor=None, *, only_missing: bool = False) -> None:
    """Create the topics and answers above (published). With `only_missing`, leave existing ones alone.

    Works with the migration's historical models and with the real ones (tests, demo data); with the real
    ones django-modeltranslation maps the untranslated field name to the active language, hence German here.
    """
    from django.utils import translation

    with translation.override("de"):
        _install(apps, only_missing=only_missing)


def _install(apps, *, only_missing: bool) -> None:
    Category = apps.get_model("help", "Category")
    Faq = apps.get_model("help", "Faq")
    categories = {}
    for data in CATEGORIES:
        values = {
            "order": data["order"],
            "title": data["title_de"],
            "title_de": data["title_de"],
            "title_en": data["title_en"],
            "intro": data["intro_de"],
            "intro_de": data["intro_de"],
            "intro_en": data["intro_en"],
        }
        category = Category.objects.filter(slug=data["slug"]).first()
        if category is None:
            category = Category.objects.create(slug=data["slug"], **values)
        elif not only_missing:
            Category.objects.filter(pk=category.pk).update(**values)
        categories[data["slug"]] = category
    for data in FAQS:
        if Faq.objects.filter(slug=data["slug"]).exists() and only_missing:
            continue
        values = {
            "category": categories[data["category"]],
            "order": data["order"],
            "is_published": True,
            "question": data["question_de"],
            "question_de": data["question_de"],
            "question_en": data["question_en"],
            "answer": data["answer_de"],
            "answer_de": data["answer_de"],
            "answer_en": data["answer_en"],
        }
        Faq.objects.update_or_create(slug=data["slug"], defaults=values)
