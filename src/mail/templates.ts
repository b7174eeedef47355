import type { Language } from '../kernel/auth-context.js';

/** Mail texts in en/sv/fi/nb, chosen by the recipient account's language. */
const TEXTS = {
  invitation: {
    en: {
      subject: 'You are invited to {org}',
      intro: 'Hello {name},\n\n{inviter} has given you access to {org} in Nyckel.',
      action: 'Set your password and sign in',
      outro: 'The link works once and expires in 7 days.',
    },
    sv: {
      subject: 'Du är inbjuden till {org}',
      intro: 'Hej {name},\n\n{inviter} har gett dig åtkomst till {org} i Nyckel.',
      action: 'Välj lösenord och logga in',
      outro: 'Länken fungerar en gång och går ut om 7 dagar.',
    },
    fi: {
      subject: 'Sinut on kutsuttu: {org}',
      intro: 'Hei {name},\n\n{inviter} on antanut sinulle pääsyn organisaatioon {org} Nyckelissä.',
      action: 'Aseta salasana ja kirjaudu',
      outro: 'Linkki toimii kerran ja vanhenee 7 päivässä.',
    },
    nb: {
      subject: 'Du er invitert til {org}',
      intro: 'Hei {name},\n\n{inviter} har gitt deg tilgang til {org} i Nyckel.',
      action: 'Velg passord og logg inn',
      outro: 'Lenken virker én gang og utløper om 7 dager.',
    },
  },
  reset: {
    en: {
      subject: 'Reset your Nyckel password',
      intro: 'Hello {name},\n\nSomebody asked to reset the password of your Nyckel account. If it was not you, ignore this mail.',
      action: 'Choose a new password',
      outro: 'The link works once and expires in 1 hour.',
    },
    sv: {
      subject: 'Återställ ditt lösenord i Nyckel',
      intro: 'Hej {name},\n\nNågon har bett om att återställa lösenordet till ditt Nyckel-konto. Om det inte var du kan du bortse från detta mejl.',
      action: 'Välj ett nytt lösenord',
      outro: 'Länken fungerar en gång och går ut om 1 timme.',
    },
    fi: {
      subject: 'Nyckel-salasanan vaihto',
      intro: 'Hei {name},\n\nNyckel-tilisi salasanan vaihtoa on pyydetty. Jos et pyytänyt sitä, voit jättää tämän viestin huomiotta.',
      action: 'Valitse uusi salasana',
      outro: 'Linkki toimii kerran ja vanhenee tunnissa.',
    },
    nb: {
      subject: 'Tilbakestill passordet ditt i Nyckel',
      intro: 'Hei {name},\n\nNoen har bedt om å tilbakestille passordet til Nyckel-kontoen din. Hvis det ikke var deg, kan du se bort fra denne e-posten.',
      action: 'Velg et nytt passord',
      outro: 'Lenken virker én gang og utløper om 1 time.',
    },
  },
  access_granted: {
    en: {
      subject: 'You now have access to {org}',
      intro: 'Hello {name},\n\n{inviter} has given your Nyckel account access to {org}. Sign in with your usual password.',
      action: 'Sign in',
      outro: 'You can change your e-mail settings on your profile page.',
    },
    sv: {
      subject: 'Du har nu åtkomst till {org}',
      intro: 'Hej {name},\n\n{inviter} har gett ditt Nyckel-konto åtkomst till {org}. Logga in med ditt vanliga lösenord.',
      action: 'Logga in',
      outro: 'Du kan ändra dina e-postinställningar på din profilsida.',
    },
    fi: {
      subject: 'Sinulla on nyt pääsy: {org}',
      intro: 'Hei {name},\n\n{inviter} on antanut Nyckel-tilillesi pääsyn organisaatioon {org}. Kirjaudu tavallisella salasanallasi.',
      action: 'Kirjaudu',
      outro: 'Voit muuttaa sähköpostiasetuksiasi profiilisivullasi.',
    },
    nb: {
      subject: 'Du har nå tilgang til {org}',
      intro: 'Hei {name},\n\n{inviter} har gitt Nyckel-kontoen din tilgang til {org}. Logg inn med ditt vanlige passord.',
      action: 'Logg inn',
      outro: 'Du kan endre e-postinnstillingene dine på profilsiden.',
    },
  },
  reactivated: {
    en: {
      subject: 'Your access to {org} is active again',
      intro: 'Hello {name},\n\n{inviter} has reactivated your user in {org}.',
      action: 'Set your password and sign in',
      outro: 'The link works once and expires in 7 days.',
    },
    sv: {
      subject: 'Din åtkomst till {org} är aktiv igen',
      intro: 'Hej {name},\n\n{inviter} har återaktiverat din användare i {org}.',
      action: 'Välj lösenord och logga in',
      outro: 'Länken fungerar en gång och går ut om 7 dagar.',
    },
    fi: {
      subject: 'Pääsysi organisaatioon {org} on taas voimassa',
      intro: 'Hei {name},\n\n{inviter} on aktivoinut käyttäjäsi uudelleen organisaatiossa {org}.',
      action: 'Aseta salasana ja kirjaudu',
      outro: 'Linkki toimii kerran ja vanhenee 7 päivässä.',
    },
    nb: {
      subject: 'Tilgangen din til {org} er aktiv igjen',
      intro: 'Hei {name},\n\n{inviter} har reaktivert brukeren din i {org}.',
      action: 'Velg passord og logg inn',
      outro: 'Lenken virker én gang og utløper om 7 dager.',
    },
  },
  initial_seats: {
    en: {
      subject: 'Licenses of {org} in Nyckel',
      intro:
        'Hello {name},\n\n{inviter} created {org} in Nyckel with you as its contract owner and these licenses: {seats}. This is the first order in its license history.',
      action: 'See the licenses',
      outro: 'If this is not what you agreed, contact the sender.',
    },
    sv: {
      subject: 'Licenser för {org} i Nyckel',
      intro:
        'Hej {name},\n\n{inviter} har skapat {org} i Nyckel med dig som avtalsägare och dessa licenser: {seats}. Det är den första beställningen i licenshistoriken.',
      action: 'Se licenserna',
      outro: 'Om detta inte är vad ni kommit överens om, kontakta avsändaren.',
    },
    fi: {
      subject: 'Organisaation {org} lisenssit Nyckelissä',
      intro:
        'Hei {name},\n\n{inviter} on luonut organisaation {org} Nyckeliin, sinut sopimuksen omistajana, näillä lisensseillä: {seats}. Tämä on lisenssihistorian ensimmäinen tilaus.',
      action: 'Katso lisenssit',
      outro: 'Jos tämä ei vastaa sopimusta, ota yhteyttä lähettäjään.',
    },
    nb: {
      subject: 'Lisenser for {org} i Nyckel',
      intro:
        'Hei {name},\n\n{inviter} har opprettet {org} i Nyckel med deg som avtaleeier og disse lisensene: {seats}. Dette er den første bestillingen i lisenshistorikken.',
      action: 'Se lisensene',
      outro: 'Hvis dette ikke er det dere avtalte, kontakt avsenderen.',
    },
  },
} as const;

export type TemplateName = keyof typeof TEXTS;

/** The initial seats as a paragraph of another mail (a contract owner invited when the organisation is created). */
const SEATS_NOTE = {
  en: 'Its licenses: {seats} (the first order in its license history).',
  sv: 'Dess licenser: {seats} (den första beställningen i licenshistoriken).',
  fi: 'Sen lisenssit: {seats} (lisenssihistorian ensimmäinen tilaus).',
  nb: 'Lisensene: {seats} (den første bestillingen i lisenshistorikken).',
} as const;

export const seatsNote = (language: Language, seats: string) => fill(SEATS_NOTE[language] ?? SEATS_NOTE.en, { seats });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

/** Renders a mail with one action link; an optional personal message is quoted (escaped in HTML). */
export function renderMail(name: TemplateName, language: Language, vars: Record<string, string>, link: string, message?: string, note?: string) {
  const t = TEXTS[name][language] ?? TEXTS[name].en;
  const intro = fill(t.intro, vars) + (note ? `\n\n${note}` : '');
  const personal = message ? `\n\n“${message}”` : '';
  const text = `${intro}${personal}\n\n${t.action}: ${link}\n\n${t.outro}\n`;
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    intro
      .split('\n\n')
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('') +
    (message ? `<blockquote>${escapeHtml(message)}</blockquote>` : '') +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(t.action)}</a></p><p>${escapeHtml(t.outro)}</p></body></html>`;
  return { subject: fill(t.subject, vars), text, html };
}
