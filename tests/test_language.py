"""Language detection: scripts, function words, and too little text to tell."""

from __future__ import annotations

import pytest

from newsgraph.language import SAMPLE_CHARS, detect_language, is_english

ENGLISH = (
    "The finance ministers of both countries met on Monday to discuss the new trade agreement, "
    "which has been delayed for more than a year. Officials said they were hopeful that a deal "
    "could be signed before the end of the month, but analysts warned that several issues remain "
    "unresolved and that talks may drag on into the summer."
)
ENGLISH_WITH_NAMES = (
    "Kim Jong-un met Xi Jinping in Beijing, and Kim Yo-jong, Choe Son-hui and Ri Yong-ho joined "
    "Kim Yong-chol at talks with Wang Yi, Li Keqiang and Moon Jae-in. Pyongyang said Kim Jong Un "
    "would travel to Panmunjom and Kaesong after Xi returned to Zhongnanhai, and Seoul said Chung "
    "Eui-yong and Suh Hoon were ready."
)
FRENCH = (
    "Les ministres des finances des deux pays se sont réunis lundi pour discuter du nouvel accord "
    "commercial, qui a été retardé de plus d'un an. Selon les responsables, un accord pourrait être "
    "signé avant la fin du mois, mais les analystes estiment que plusieurs questions restent en suspens."
)
GERMAN = (
    "Die Finanzminister der beiden Länder haben sich am Montag getroffen, um über das neue "
    "Handelsabkommen zu sprechen, das sich um mehr als ein Jahr verzögert hat. Die Beamten sagten, "
    "dass sie auf eine Einigung vor dem Ende des Monats hoffen, aber Analysten warnen vor offenen Fragen."
)
SPANISH = (
    "Los ministros de finanzas de ambos países se reunieron el lunes para discutir el nuevo acuerdo "
    "comercial, que se ha retrasado más de un año. Los funcionarios dijeron que esperan firmar un "
    "acuerdo antes del final del mes, pero los analistas advierten que varias cuestiones siguen abiertas."
)
ITALIAN = (
    "I ministri delle finanze dei due paesi si sono incontrati lunedì per discutere il nuovo accordo "
    "commerciale, che è stato rinviato per più di un anno. Secondo i funzionari l'intesa potrebbe "
    "essere firmata prima della fine del mese, ma gli analisti avvertono che molte questioni sono aperte."
)
PORTUGUESE = (
    "Os ministros das finanças dos dois países reuniram-se na segunda-feira para discutir o novo acordo "
    "comercial, que foi adiado por mais de um ano. Os funcionários disseram que esperam assinar um "
    "acordo até o fim do mês, mas os analistas alertam que várias questões continuam em aberto."
)
DUTCH = (
    "De ministers van financiën van beide landen kwamen maandag bijeen om het nieuwe handelsakkoord te "
    "bespreken, dat al meer dan een jaar is vertraagd. Volgens de ambtenaren kan er voor het einde van "
    "de maand een akkoord worden getekend, maar analisten waarschuwen dat er nog veel vragen zijn."
)
SWEDISH = (
    "Finansministrarna från de två länderna möttes på måndagen för att diskutera det nya handelsavtalet, "
    "som har försenats i mer än ett år. Tjänstemännen sade att de hoppas att ett avtal kan skrivas under "
    "före månadens slut, men analytiker varnar för att flera frågor inte är lösta."
)
POLISH = (
    "Ministrowie finansów obu krajów spotkali się w poniedziałek, aby omówić nową umowę handlową, która "
    "jest opóźniona o ponad rok. Urzędnicy powiedzieli, że liczą na podpisanie porozumienia do końca "
    "miesiąca, ale analitycy ostrzegają, że wiele kwestii nie zostało jeszcze rozwiązanych."
)
TURKISH = (
    "İki ülkenin maliye bakanları, bir yıldan fazla ertelenen yeni ticaret anlaşmasını görüşmek için "
    "pazartesi günü bir araya geldi. Yetkililer anlaşmanın ay sonundan önce imzalanmasını umduklarını "
    "söyledi, ancak analistler bazı sorunların hâlâ çözülmediği konusunda uyardı."
)
INDONESIAN = (
    "Para menteri keuangan dari kedua negara bertemu pada hari Senin untuk membahas perjanjian dagang "
    "baru yang sudah tertunda lebih dari satu tahun. Para pejabat mengatakan bahwa mereka berharap "
    "perjanjian itu dapat ditandatangani sebelum akhir bulan, namun para analis memperingatkan bahwa "
    "beberapa masalah belum selesai."
)
KOREAN = (
    "양국 재무장관들은 월요일 만나 1년 넘게 지연된 새 무역협정을 논의했다. 관계자들은 이달 말 이전에 "
    "협정이 서명될 수 있기를 기대한다고 말했지만, 분석가들은 여러 문제가 여전히 해결되지 않았다고 경고했다."
)
CHINESE = (
    "两国财政部长星期一举行会晤，讨论已经推迟一年多的新贸易协定。官员们表示，希望在本月底之前签署协议，"
    "但分析人士警告说，仍有若干问题尚未解决。"
)
JAPANESE = (
    "両国の財務相は月曜日に会談し、一年以上遅れている新たな貿易協定について協議した。当局者は月末までに"
    "署名できることを期待していると述べたが、アナリストはいくつかの問題が未解決のままだと警告している。"
)
RUSSIAN = (
    "Министры финансов двух стран встретились в понедельник, чтобы обсудить новое торговое соглашение, "
    "которое откладывается уже больше года. Чиновники выразили надежду, что документ будет подписан до "
    "конца месяца, однако эксперты предупреждают, что ряд вопросов остаётся нерешённым."
)
UKRAINIAN = (
    "Міністри фінансів обох країн зустрілися в понеділок, щоб обговорити нову торговельну угоду, яку "
    "відкладають уже понад рік. Посадовці сподіваються, що її підпишуть до кінця місяця, але експерти "
    "попереджають, що чимало питань досі не вирішено."
)
ARABIC = (
    "اجتمع وزيرا مالية البلدين يوم الاثنين لمناقشة اتفاقية التجارة الجديدة التي تأخرت أكثر من عام. "
    "وقال المسؤولون إنهم يأملون توقيع الاتفاق قبل نهاية الشهر، لكن المحللين حذروا من أن عدة قضايا لا تزال عالقة."
)
GREEK = (
    "Οι υπουργοί Οικονομικών των δύο χωρών συναντήθηκαν τη Δευτέρα για να συζητήσουν τη νέα εμπορική "
    "συμφωνία, η οποία έχει καθυστερήσει περισσότερο από ένα χρόνο."
)
HEBREW = "שרי האוצר של שתי המדינות נפגשו ביום שני כדי לדון בהסכם הסחר החדש, שנדחה ביותר משנה."
HINDI = "दोनों देशों के वित्त मंत्रियों ने सोमवार को नए व्यापार समझौते पर चर्चा करने के लिए मुलाकात की।"
THAI = "รัฐมนตรีคลังของทั้งสองประเทศพบกันเมื่อวันจันทร์เพื่อหารือเกี่ยวกับข้อตกลงการค้าฉบับใหม่"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (ENGLISH_WITH_NAMES, "en"),
        (FRENCH, "fr"),
        (GERMAN, "de"),
        (SPANISH, "es"),
        (ITALIAN, "it"),
        (PORTUGUESE, "pt"),
        (DUTCH, "nl"),
        (SWEDISH, "sv"),
        (POLISH, "pl"),
        (TURKISH, "tr"),
        (INDONESIAN, "id"),
        (KOREAN, "ko"),
        (CHINESE, "zh"),
        (JAPANESE, "ja"),
        (RUSSIAN, "ru"),
        (UKRAINIAN, "uk"),
        (ARABIC, "ar"),
        (GREEK, "el"),
        (HEBREW, "he"),
        (HINDI, "hi"),
        (THAI, "th"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    detected, confidence = detect_language(text)
    assert detected == language
    assert 0.3 <= confidence <= 1.0


@pytest.mark.parametrize("text", [ENGLISH, ENGLISH_WITH_NAMES])
def test_english_news_is_english_with_good_confidence(text: str) -> None:
    language, confidence = detect_language(text)
    assert language == "en"
    assert confidence >= 0.5
    assert is_english(text)


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH, ITALIAN, PORTUGUESE, DUTCH, KOREAN, CHINESE, RUSSIAN])
def test_other_languages_are_not_english(text: str) -> None:
    assert not is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "2019-01-08 12:00",
        "Hello there.",
        "Kim met Trump in Hanoi.",  # five words, but too few function words to tell
        "北京",
        "서울",
        "Привет, мир",
        "— … ! ?",
    ],
)
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == ("und", 0.0)
    assert not is_english(text)


def test_mostly_english_text_with_korean_and_chinese_in_it_is_english() -> None:
    text = (
        "North Korean leader Kim Jong-un (김정은) told reporters in Pyongyang (평양) that the summit "
        "with Xi Jinping (习近平) had been a success and that he would return to Beijing (北京) soon."
    )
    assert detect_language(text)[0] == "en"


def test_mostly_english_text_with_a_french_quote_is_english() -> None:
    text = ENGLISH + ' The minister told reporters: "Nous sommes prêts."'
    assert detect_language(text)[0] == "en"


def test_shouted_headline_is_read_whole() -> None:
    assert detect_language("NORTH KOREA SAYS IT WILL MEET THE US IN HANOI NEXT MONTH")[0] == "en"


def test_only_the_start_of_the_text_is_read() -> None:
    text = (ENGLISH + " ") * (SAMPLE_CHARS // len(ENGLISH) + 1) + FRENCH * 20
    assert detect_language(text)[0] == "en"


def test_detection_is_deterministic() -> None:
    assert len({detect_language(text) for text in [GERMAN] * 5}) == 1

