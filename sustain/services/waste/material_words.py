"""The words residents search materials by: each OpenStreetMap material's label in Thai and
English, and the everyday words people use for it (แบตเตอรี่, ถ่านไฟฉาย, ขวดพลาสติก …)."""

from django.utils import translation

from sustain.services.gis.map_style import material_styles

EVERYDAY_WORDS = {
    "batteries": ["แบตเตอรี่", "ถ่านไฟฉาย", "ถ่าน", "แบต", "battery", "batteries"],
    "car_batteries": ["แบตเตอรี่รถยนต์", "car battery"],
    "plastic_bottles": ["ขวดพลาสติก", "ขวดน้ำ", "ขวด PET", "plastic bottle", "water bottle"],
    "plastic_packaging": ["พลาสติก", "แกลลอน", "ขวดนม", "plastic"],
    "plastic": ["พลาสติก", "plastic"],
    "plastic_bags": ["ถุงพลาสติก", "plastic bag"],
    "cans": ["กระป๋อง", "กระป๋องน้ำอัดลม", "กระป๋องเบียร์", "can", "tin"],
    "scrap_metal": ["เหล็ก", "โลหะ", "กระป๋อง", "ทองแดง", "metal", "scrap", "tin"],
    "low_energy_bulbs": ["หลอดไฟ", "หลอดตะเกียบ", "หลอดนีออน", "light bulb", "lamp", "bulb"],
    "fluorescent_tubes": ["หลอดไฟ", "หลอดนีออน", "fluorescent", "bulb"],
    "cooking_oil": ["น้ำมันพืชใช้แล้ว", "น้ำมันทอด", "น้ำมันใช้แล้ว", "used cooking oil"],
    "engine_oil": ["น้ำมันเครื่อง", "engine oil"],
    "glass_bottles": ["ขวดแก้ว", "แก้ว", "ขวดเบียร์", "glass"],
    "glass": ["แก้ว", "กระจก", "glass"],
    "paper": ["กระดาษ", "หนังสือพิมพ์", "สมุด", "paper", "newspaper"],
    "cardboard": ["กล่อง", "ลัง", "กล่องกระดาษ", "box", "carton"],
    "food_waste": ["เศษอาหาร", "ขยะเปียก", "ขยะอินทรีย์", "food", "kitchen waste"],
    "green_waste": ["ใบไม้", "กิ่งไม้", "หญ้า", "leaves", "garden"],
    "electrical_items": ["ขยะอิเล็กทรอนิกส์", "เครื่องใช้ไฟฟ้า", "สายไฟ", "electronics", "e-waste"],
    "mobile_phones": ["มือถือ", "โทรศัพท์", "phone", "mobile"],
    "hazardous_waste": ["ขยะอันตราย", "สารเคมี", "กระป๋องสเปรย์", "ยาฆ่าแมลง", "spray", "chemical"],
    "drugs": ["ยาหมดอายุ", "ยา", "medicine"],
    "clothes": ["เสื้อผ้า", "ผ้า", "clothes"],
    "waste": ["ขยะทั่วไป", "general waste", "rubbish"],
}


def material_search_words() -> dict[str, list[str]]:
    """Per OSM material name, every word that finds it (labels in both languages first)."""
    words: dict[str, list[str]] = {}
    for lang in ("th", "en"):
        with translation.override(lang):
            for osm, style in material_styles().items():
                words.setdefault(osm, []).append(style["label"])
    for osm, extra in EVERYDAY_WORDS.items():
        words.setdefault(osm, []).extend(extra)
    return {osm: list(dict.fromkeys(w.lower() for w in found)) for osm, found in words.items()}
