// What a staff password must be: 10 to 200 characters and not guessable — not one of the tens
// of thousands of common passwords, not a keyboard run, repeat, date or the user's own e-mail
// or name. zxcvbn-ts estimates the guesses an attacker with those lists needs; we ask for
// score 3 (over 10⁸ guesses), which a phrase of a few words passes easily. Its dictionaries
// are English; the commonest Russian passwords are added here. They load on first use
// (about half a second), so a server that never sets a password never pays for them.
import { fail } from '../../domain/errors.ts';

const MIN_SCORE = 3;
// Common Russian passwords and their spellings on an English keyboard layout.
const RUSSIAN_COMMON = [
  'пароль',
  'gfhjkm',
  'йцукен',
  'qwerty',
  'привет',
  'ghbdtn',
  'любовь',
  'kj,jdm',
  'солнышко',
  'cjkysirj',
  'наташа',
  'максим',
  'россия',
  'москва',
  'ресторан',
  'копилка',
  'администратор',
  'админ',
  'кассир',
  'секрет',
];

type Checker = (password: string, userInputs: string[]) => { score: number };
let checker: Promise<Checker> | undefined;

function loadChecker(): Promise<Checker> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const z = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ru: RUSSIAN_COMMON },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (password, userInputs) => z.check(password, userInputs);
  })();
  return checker;
}

/** Every route takes the password as `password`: a form shows the refusal under that field. */
const PASSWORD_FIELD = { field: 'password' };

/** Refuses a password that is too short, too long or easy to guess; `about` is the user's e-mail and name. */
export async function validatePassword(password: string, about: string[] = []): Promise<void> {
  if (password.length < 10 || password.length > 200) {
    fail(
      'validation',
      'weak_password',
      {
        ru: 'Пароль должен быть от 10 до 200 символов',
        en: 'A password must be 10 to 200 characters long',
      },
      PASSWORD_FIELD,
    );
  }
  const check = await loadChecker();
  const inputs = about.flatMap((s) => [s, ...s.toLowerCase().split(/[^\p{L}\p{N}]+/u)]);
  if (check(password, inputs.filter(Boolean)).score < MIN_SCORE) {
    fail(
      'validation',
      'weak_password',
      {
        ru: 'Пароль слишком простой: он есть в списках распространённых паролей, похож на e-mail или имя либо легко подбирается. Возьмите фразу из трёх-четырёх слов',
        en: 'The password is too easy to guess: it is on common-password lists, resembles the e-mail or name, or follows a simple pattern. Use a phrase of three or four words',
      },
      PASSWORD_FIELD,
    );
  }
}
